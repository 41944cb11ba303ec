// The session benchmark's workload: a data source that answers workflow commands like the
// demo backend but emits a configurable grid's worth of results (N detector images of S×S
// float32, M spectra of P points) at a fixed rate, with fresh data times stamped at emission —
// i.e. as the message is handed to the pump. Values are pre-generated (a few variants cycled)
// so that producing the workload costs almost nothing in the process being measured.
import os from 'node:os';
import { encodeDa00, makeVariable } from '../../shared/wire/da00';
import { decodeCommand, encodeAcknowledgement } from '../../shared/wire/commands';
import { formatResultKey } from '../../shared/wire/result-key';
import { encodeJobHeartbeat } from '../../shared/wire/status';
import type { JobId, Variable, WorkflowId } from '../../shared/wire/types';
import YAML from 'yaml';
import type { InstrumentSpec } from '../../main/instruments/instrument-spec';
import { parseCatalogue } from '../../main/instruments/catalogue-file';
import { buildInstrumentSpec } from '../../main/instruments/build-spec';
import { topicsFor, type ConnectionHealth, type ConsumedRole, type ProducedRole, type RawMessage, type Transport } from '../../main/transport/transport';

export interface WorkloadOptions {
  images: number;
  imageSize: number;
  lines: number;
  linePoints: number;
  /** Updates per second of every layer. */
  rateHz: number;
}

export const DEFAULT_WORKLOAD: WorkloadOptions = { images: 8, imageSize: 512, lines: 8, linePoints: 2000, rateHz: 1 };

const INSTRUMENT = 'bench';
const imagesId: WorkflowId = { instrument: INSTRUMENT, name: 'images', version: 1 };
const linesId: WorkflowId = { instrument: INSTRUMENT, name: 'lines', version: 1 };
export const IMAGES_WORKFLOW = 'bench/images/1';
export const LINES_WORKFLOW = 'bench/lines/1';

export const imageSource = (i: number): string => `detector_${i}`;
export const lineSource = (i: number): string => `monitor_${i}`;

/** The workload's instrument, as a catalogue file (docs/catalogues.md): two workflows, one source per image / spectrum. */
export function workloadCatalogue(w: WorkloadOptions): string {
  const file = {
    format: 'livedata-catalogue/1',
    instrument: INSTRUMENT,
    title: 'Bench',
    sources: [
      ...Array.from({ length: Math.max(1, w.images) }, (_, i) => ({ name: imageSource(i), title: imageSource(i), kind: 'detector' })),
      ...Array.from({ length: Math.max(1, w.lines) }, (_, i) => ({ name: lineSource(i), title: lineSource(i), kind: 'monitor' })),
    ],
    workflows: [
      {
        id: IMAGES_WORKFLOW, title: 'Bench images', group: 'Bench', service: 'bench_images', supportsReset: false,
        sources: Array.from({ length: Math.max(1, w.images) }, (_, i) => imageSource(i)),
        outputs: [{ name: 'image', title: 'Image', dims: [{ name: 'y', size: w.imageSize }, { name: 'x', size: w.imageSize }], unit: 'counts', temporality: 'current', defaultPlotter: 'image' }],
      },
      {
        id: LINES_WORKFLOW, title: 'Bench spectra', group: 'Bench', service: 'bench_lines', supportsReset: false,
        sources: Array.from({ length: Math.max(1, w.lines) }, (_, i) => lineSource(i)),
        outputs: [{ name: 'spectrum', title: 'Spectrum', dims: [{ name: 'tof', unit: 'ms', size: w.linePoints, range: [0, 71] }], coords: ['tof'], unit: 'counts', temporality: 'current', defaultPlotter: 'lines' }],
      },
    ],
  };
  return YAML.stringify(file);
}

export function workloadInstrument(w: WorkloadOptions): InstrumentSpec {
  return buildInstrumentSpec(parseCatalogue(workloadCatalogue(w), 'bench.yaml'), 'bench workload');
}

interface Job {
  workflow: 'images' | 'lines';
  jobId: JobId;
  index: number;
  startNs: bigint;
}

const VARIANTS = 4;

export class WorkloadTransport implements Transport {
  readonly kind = 'fake' as const;
  readonly description = 'bench workload';
  readonly topics = topicsFor(INSTRUMENT);
  private readonly queue: RawMessage[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly jobs = new Map<string, Job>();
  private readonly imageVariants: Float32Array[];
  private readonly lineVariants: Float32Array[];
  private readonly tofCoord: Float64Array;
  private timer: NodeJS.Timeout | null = null;
  private tickCount = 0;
  private offset = 0;
  /** Data updates emitted (layer updates produced), for the soak's stopping rule. */
  emitted = 0;

  constructor(private readonly w: WorkloadOptions) {
    this.imageVariants = Array.from({ length: VARIANTS }, (_, v) => gaussianImage(w.imageSize, v));
    this.lineVariants = Array.from({ length: VARIANTS }, (_, v) => spectrum(w.linePoints, v));
    this.tofCoord = Float64Array.from({ length: w.linePoints }, (_, i) => (71 * i) / w.linePoints);
  }

  async start(): Promise<void> {
    this.timer = setInterval(() => this.tick(), 1000 / this.w.rateHz);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  drain(max: number): RawMessage[] {
    return this.queue.splice(0, max);
  }

  health(): ConnectionHealth {
    return { state: 'connected', since: 0, detail: null };
  }

  onActivity(listener: () => void): void {
    this.listeners.add(listener);
  }

  async send(role: ProducedRole, value: Uint8Array): Promise<void> {
    if (role !== 'commands') return;
    const cmd = decodeCommand(value);
    if (cmd.kind !== 'workflow_config') {
      this.push('responses', encodeAcknowledgement({ messageId: cmd.messageId, device: 'bench', response: 'ACK', message: null }));
      return;
    }
    const workflow = cmd.identifier.name === 'images' ? 'images' : 'lines';
    const index = Number(cmd.jobId.sourceName.split('_').pop());
    this.jobs.set(cmd.jobId.sourceName, { workflow, jobId: cmd.jobId, index, startNs: BigInt(Date.now()) * 1_000_000n });
    this.push('responses', encodeAcknowledgement({ messageId: cmd.messageId, device: cmd.jobId.sourceName, response: 'ACK', message: null }));
    this.notify();
  }

  private tick(): void {
    this.tickCount++;
    for (const job of this.jobs.values()) {
      const wfId = job.workflow === 'images' ? imagesId : linesId;
      // Stamped now: this message is handed to the pump in this turn of the event loop.
      const nowNs = BigInt(Date.now()) * 1_000_000n;
      this.push('heartbeat', encodeJobHeartbeat({
        jobId: job.jobId, workflowId: `${wfId.instrument}/${wfId.name}/${wfId.version}`, state: 'active', warning: null, error: null,
        startTime: job.startNs, endTime: nowNs, hostName: os.hostname(), processId: process.pid,
      }));
      const variant = (this.tickCount + job.index) % VARIANTS;
      const variables: Variable[] = [];
      if (job.workflow === 'images') {
        const n = this.w.imageSize;
        variables.push(makeVariable('signal', this.imageVariants[variant]!, { axes: ['y', 'x'], shape: [n, n], unit: 'counts' }));
      } else {
        const p = this.w.linePoints;
        variables.push(makeVariable('signal', this.lineVariants[variant]!, { axes: ['tof'], shape: [p], unit: 'counts' }));
        variables.push(makeVariable('tof', this.tofCoord, { axes: ['tof'], unit: 'ms' }));
      }
      variables.push(makeVariable('start_time', new BigInt64Array([nowNs - 1_000_000_000n]), { unit: 'ns' }));
      variables.push(makeVariable('time', new BigInt64Array([nowNs]), { unit: 'ns' }));
      const outputName = job.workflow === 'images' ? 'image' : 'spectrum';
      this.push('data', encodeDa00({ sourceName: formatResultKey({ workflowId: wfId, jobId: job.jobId, outputName }), timestamp: job.startNs, variables }));
      this.emitted++;
    }
    this.notify();
  }

  private push(role: ConsumedRole, value: Uint8Array): void {
    this.queue.push({ role, topic: this.topics[role], partition: 0, offset: String(this.offset++), timestampMs: Date.now(), value });
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}

function gaussianImage(n: number, variant: number): Float32Array {
  const out = new Float32Array(n * n);
  const cx = 0.3 + 0.1 * variant;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const dx = x / n - cx;
      const dy = y / n - 0.5;
      out[y * n + x] = 1000 * Math.exp(-(dx * dx + dy * dy) / 0.02) + ((x * 7 + y * 13 + variant) % 5);
    }
  }
  return out;
}

function spectrum(p: number, variant: number): Float32Array {
  return Float32Array.from({ length: p }, (_, i) => {
    const x = i / p - (0.3 + 0.1 * variant);
    return 500 * Math.exp(-(x * x) / 0.005) + 10 + (i % 7);
  });
}

/** The layout file the bench server starts with: one grid of all workload layers. */
export function workloadLayout(w: WorkloadOptions): { grids: unknown[] } {
  const total = w.images + w.lines;
  const cols = Math.min(6, Math.ceil(Math.sqrt(total)));
  const rows = Math.min(6, Math.ceil(total / cols));
  const cells: unknown[] = [];
  for (let i = 0; i < Math.min(total, rows * cols); i++) {
    const isImage = i < w.images;
    cells.push({
      row: Math.floor(i / cols), col: i % cols, rowSpan: 1, colSpan: 1, title: null,
      layers: [isImage
        ? { workflowId: IMAGES_WORKFLOW, sourceNames: [imageSource(i)], outputName: 'image', plotter: 'image', params: {} }
        : { workflowId: LINES_WORKFLOW, sourceNames: [lineSource(i - w.images)], outputName: 'spectrum', plotter: 'lines', params: {} }],
    });
  }
  return { grids: [{ title: 'Bench', rows, cols, cells }] };
}
