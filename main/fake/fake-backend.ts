// The embedded demo backend: a Transport that answers commands like the reference's services
// and emits synthetic results shaped by the instrument catalogue. It speaks bytes through the
// same codecs as Kafka, so demo mode exercises the real decode path. It honours what it is
// sent: params are validated as the services validate them (ERR otherwise) and shape the data
// (bin edges, coordinate mode, range filters); only the configured sources answer. One update
// per output per interval per job; job heartbeats with every update; service heartbeats every
// 2 s. Options delay or drop acknowledgements and fail workflows, so that timeouts and errors
// can be shown and tested. Jobs survive stop()/start(): a restarted core finds them running.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { JsonObject } from '../../shared/json';
import { validateParams } from '../../shared/params';
import { encodeDa00, makeVariable } from '../../shared/wire/da00';
import { decodeCommand, encodeAcknowledgement, type Command, type WorkflowConfig } from '../../shared/wire/commands';
import { formatResultKey } from '../../shared/wire/result-key';
import { encodeJobHeartbeat, encodeServiceHeartbeat } from '../../shared/wire/status';
import type { JobId, Variable } from '../../shared/wire/types';
import type { Logger } from '../logging/logger';
import { findWorkflow, workflowKey, type InstrumentSpec, type OutputSpec, type WorkflowSpec } from '../instruments/instrument-spec';
import { topicsFor, type ConnectionHealth, type ConsumedRole, type MessageTap, type ProducedRole, type RawMessage, type Transport } from '../transport/transport';
import { MessageTaps } from '../transport/message-tap';
import { bumpValues, convertUnit, fixedAxis, fractionInRange, gaussianNoise, histogramAxis, isEdgesParams, variantOf, type Axis, type EdgesParams } from './synthesis';

const UPDATE_INTERVAL_MS = 1000;
const SERVICE_INTERVAL_MS = 2000;
const TICK_MS = 50;
/** Larger outputs are shrunk (pixel axes only) so a catalogue's 6-D output cannot exhaust memory. */
const MAX_ELEMENTS = 1 << 21;
const COMMAND_LOG_SIZE = 200;

/** How a workflow named in FakeBackendOptions.failWorkflows fails. */
export type DemoFailure =
  /** Its configs are acknowledged, then its jobs report state error (heartbeats, no data). */
  | 'error'
  /** Its configs are answered with ERR. */
  | 'reject'
  /** Its jobs wait for context forever (state pending_context, no data). */
  | 'pending';

/** What a ROI responder may do with the backend (main/fake/roi-responder.ts plugs in here). */
export interface DemoBackendHooks {
  /** The running jobs, with what they were configured with. */
  jobs(): DemoJobView[];
  /** Publishes a da00 result on the data topic under `sourceName` (a formatted result key). */
  publishData(sourceName: string, variables: Variable[], timestampNs?: bigint): void;
  /** The ROIs a job histograms in its roi_spectra outputs (index, and a weight ~ the ROI's share of counts). */
  setRois(jobId: JobId, rois: { index: number; weight: number }[]): void;
  readonly instrument: InstrumentSpec;
  readonly logger: Logger;
}

export interface DemoJobView {
  jobId: JobId;
  workflowId: string;
  workflow: WorkflowSpec;
  params: JsonObject;
  auxSourceNames: Record<string, string>;
  startNs: bigint;
}

/** Receives every message the app produces on the ROI topic. */
export interface RoiResponder {
  handle(value: Uint8Array, backend: DemoBackendHooks): void;
}

export interface FakeBackendOptions {
  updateIntervalMs?: number;
  /** Every acknowledgement is sent this much later (ms). */
  ackDelayMs?: number;
  /** No acknowledgements at all: every command times out. */
  dropAcks?: boolean;
  /** Workflow id ("instrument/name/version") → how it fails. */
  failWorkflows?: Record<string, DemoFailure>;
  roiResponder?: RoiResponder;
}

interface FakeJob {
  workflow: WorkflowSpec;
  jobId: JobId;
  params: JsonObject;
  auxSourceNames: Record<string, string>;
  startNs: bigint;
  lastEmitNs: bigint;
  update: number;
  nextDue: number;
  variant: number;
  /** Accumulated values of cumulative outputs, by output name. */
  accumulated: Map<string, Float64Array>;
  rois: { index: number; weight: number }[];
  /** Set by failJob or a failing workflow: the job heartbeats in state error and sends no data. */
  error?: string;
  failAfterFirstUpdate: boolean;
  /** Heartbeats pending_context and sends no data (a context stream that never arrives). */
  waitsForContext: boolean;
  /** The schedule (ms since the epoch): scheduled before `startMs`, finishing and gone at `endMs`. */
  startMs: number | null;
  endMs: number | null;
}

const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

export class FakeBackendTransport implements Transport {
  readonly kind = 'fake' as const;
  readonly description: string;
  readonly topics;
  private readonly queue: RawMessage[] = [];
  private readonly jobs = new Map<string, FakeJob>();
  private readonly offsets = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private readonly taps = new MessageTaps();
  private readonly workerIds = new Map<string, string>();
  private readonly startedAtNs = nowNs();
  private readonly commands: Command[] = [];
  private readonly pendingAcks = new Set<NodeJS.Timeout>();
  private timer: NodeJS.Timeout | null = null;
  private nextServiceBeat = 0;
  private readonly healthState: ConnectionHealth = { state: 'connecting', since: Date.now(), detail: null };
  private options: Required<Omit<FakeBackendOptions, 'roiResponder'>> & { roiResponder: RoiResponder | null };

  constructor(
    private readonly instrument: InstrumentSpec,
    private readonly logger: Logger,
    options: FakeBackendOptions = {},
  ) {
    this.description = `demo (${instrument.name})`;
    this.topics = topicsFor(instrument.name);
    this.options = { updateIntervalMs: UPDATE_INTERVAL_MS, ackDelayMs: 0, dropAcks: false, failWorkflows: {}, roiResponder: null };
    this.configure(options);
  }

  /** Changes options at run time (tests: drop acknowledgements from now on, …). */
  configure(options: FakeBackendOptions): void {
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.options = { ...this.options, ...defined };
    for (const id of Object.keys(this.options.failWorkflows)) {
      if (!findWorkflow(this.instrument, id)) this.logger.warn('demo backend: --demo-fail-workflow names no workflow of this instrument', { workflow: id });
    }
  }

  async start(): Promise<void> {
    if (this.timer) return;
    // Like a consumer at the latest offsets: what was produced while nobody listened is gone,
    // but the jobs kept running and their next heartbeats announce them.
    this.queue.length = 0;
    this.timer = setInterval(() => this.tick(), TICK_MS);
    Object.assign(this.healthState, { state: 'connected', since: Date.now(), detail: 'in-process demo backend' });
    this.notify();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const t of this.pendingAcks) clearTimeout(t);
    this.pendingAcks.clear();
    Object.assign(this.healthState, { state: 'disconnected', since: Date.now(), detail: 'stopped' });
  }

  drain(max: number): RawMessage[] {
    return this.queue.splice(0, max);
  }

  health(): ConnectionHealth {
    return { ...this.healthState };
  }

  onActivity(listener: () => void): void {
    this.listeners.add(listener);
  }

  onMessage(tap: MessageTap): () => void {
    return this.taps.add(tap);
  }

  /** Plugs in the ROI responder (main/fake/roi-responder.ts) after construction. */
  setRoiResponder(responder: RoiResponder | null): void {
    this.options.roiResponder = responder;
  }

  /** The last commands received, oldest first (tests check exactly what was sent). */
  receivedCommands(): Command[] {
    return [...this.commands];
  }

  /** The running jobs and what they were configured with. */
  runningJobs(): DemoJobView[] {
    return [...this.jobs.values()].map((j) => ({
      jobId: { ...j.jobId }, workflowId: workflowKey(j.workflow.id), workflow: j.workflow, params: j.params, auxSourceNames: { ...j.auxSourceNames }, startNs: j.startNs,
    }));
  }

  async send(role: ProducedRole, value: Uint8Array): Promise<void> {
    if (role === 'roi') {
      this.options.roiResponder?.handle(value, this.hooks());
      return;
    }
    let command: Command;
    try {
      command = decodeCommand(value);
    } catch (err) {
      this.logger.warn('demo backend: undecodable command ignored', { error: String(err) });
      return;
    }
    this.commands.push(command);
    if (this.commands.length > COMMAND_LOG_SIZE) this.commands.shift();
    if (command.kind === 'workflow_config') this.configureJob(command);
    else this.jobCommand(command);
  }

  /** Test hook: pretend a job failed (it keeps heartbeating in state error, without data). */
  failJob(jobId: JobId, message: string): void {
    const job = this.jobs.get(jobKey(jobId));
    if (job) job.error = message;
  }

  private configureJob(command: WorkflowConfig): void {
    const key = workflowKey(command.identifier);
    const source = command.jobId.sourceName;
    // As the services: a workflow no service of this instrument runs gets no answer at all.
    const workflow = command.identifier.instrument === this.instrument.name ? findWorkflow(this.instrument, key) : undefined;
    if (!workflow) {
      this.logger.warn('demo backend: workflow_config for a workflow no service runs (no answer)', { workflow: key });
      return;
    }
    const refuse = (message: string): void => {
      this.logger.info('demo backend: workflow_config refused', { workflow: key, source, error: message });
      this.ack(command.messageId, source, message);
    };
    if (!workflow.sources.includes(source)) {
      refuse(`Source '${source}' is not allowed for workflow '${workflow.id.name}'. Allowed sources: ${workflow.sources.join(', ')}`);
      return;
    }
    if (workflow.paramSchema.length === 0 && Object.keys(command.params).length > 0) {
      refuse(`1 validation error for NoParams: extra inputs are not permitted (${Object.keys(command.params).join(', ')})`);
      return;
    }
    const { values: params, problems } = validateParams(workflow.paramSchema, command.params);
    if (problems.length > 0) {
      refuse(`${problems.length} validation error${problems.length === 1 ? '' : 's'} for ${workflow.id.name} params: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
      return;
    }
    if (workflow.auxSources.length === 0 && Object.keys(command.auxSourceNames).length > 0) {
      refuse(`Workflow '${key}' does not require auxiliary sources, but received: ${JSON.stringify(command.auxSourceNames)}`);
      return;
    }
    const aux: Record<string, string> = {};
    for (const slot of workflow.auxSources) {
      const chosen = command.auxSourceNames[slot.key] ?? slot.default;
      if (!slot.choices.some((c) => c.value === chosen)) {
        refuse(`Invalid auxiliary source '${chosen}' for '${slot.key}': choose one of ${slot.choices.map((c) => c.value).join(', ')}`);
        return;
      }
      aux[slot.key] = chosen;
    }
    const failure = this.options.failWorkflows[key];
    if (failure === 'reject') {
      refuse(`demo: workflow ${key} refused as asked (--demo-fail-workflow ${key}:reject)`);
      return;
    }
    const t = nowNs();
    // A config for an existing job id replaces that job and its accumulated data (JobManager.schedule_job).
    this.jobs.set(jobKey(command.jobId), {
      workflow, jobId: command.jobId, params, auxSourceNames: aux, startNs: t, lastEmitNs: t, update: 0, nextDue: Date.now(),
      variant: variantOf(source, workflow.sources.indexOf(source)), accumulated: new Map(), rois: [], failAfterFirstUpdate: failure === 'error',
      waitsForContext: failure === 'pending',
      startMs: command.schedule.startTime === null ? null : Number(command.schedule.startTime / 1_000_000n),
      endMs: command.schedule.endTime === null ? null : Number(command.schedule.endTime / 1_000_000n),
    });
    this.logger.info('demo backend: job configured', { workflow: key, source, jobNumber: command.jobId.jobNumber, params: JSON.stringify(params), aux: JSON.stringify(aux) });
    this.ack(command.messageId, source, null);
  }

  private jobCommand(command: Extract<Command, { kind: 'job_command' }>): void {
    // Selector precedence: job_id, else workflow_id, else every job.
    let targets: FakeJob[];
    let device: string;
    if (command.jobId) {
      const job = this.jobs.get(jobKey(command.jobId));
      targets = job ? [job] : [];
      device = jobKey(command.jobId);
    } else if (command.workflowId) {
      const key = workflowKey(command.workflowId);
      targets = [...this.jobs.values()].filter((j) => workflowKey(j.workflow.id) === key);
      device = 'all';
    } else {
      targets = [...this.jobs.values()];
      device = 'all';
    }
    if (command.action === 'pause' || command.action === 'resume') {
      if (command.jobId) this.ack(command.messageId, device, `${command.action} is not implemented`); // every service answers ERR
      return;
    }
    if (targets.length === 0) return; // a worker that owns nothing matching stays silent
    if (command.action === 'stop') {
      for (const job of targets) {
        this.jobs.delete(jobKey(job.jobId));
        this.emitHeartbeat(job, 'stopped');
      }
      this.ack(command.messageId, device, null);
      return;
    }
    const refusing = targets.find((j) => !j.workflow.supportsReset);
    if (refusing) {
      this.ack(command.messageId, device, `Job ${jobKey(refusing.jobId)} does not support reset.`);
      return;
    }
    for (const job of targets) {
      job.startNs = nowNs();
      job.lastEmitNs = job.startNs;
      job.update = 0;
      job.accumulated.clear();
      job.nextDue = Date.now(); // the fresh accumulation shows at once
    }
    this.ack(command.messageId, device, null);
  }

  private hooks(): DemoBackendHooks {
    return {
      instrument: this.instrument,
      logger: this.logger,
      jobs: () => this.runningJobs(),
      publishData: (sourceName, variables, timestampNs) => {
        this.enqueue('data', encodeDa00({ sourceName, timestamp: timestampNs ?? nowNs(), variables }));
        this.notify();
      },
      setRois: (jobId, rois) => {
        const job = this.jobs.get(jobKey(jobId));
        if (job) job.rois = rois.map((r) => ({ ...r }));
      },
    };
  }

  private tick(): void {
    const now = Date.now();
    let emitted = false;
    for (const job of this.jobs.values()) {
      if (now < job.nextDue) continue;
      job.nextDue = now + this.options.updateIntervalMs;
      emitted = true;
      if (job.startMs !== null && now < job.startMs) {
        this.emitHeartbeat(job, 'scheduled');
        continue;
      }
      if (job.endMs !== null && now >= job.endMs) {
        // The schedule ended: a last finishing beat, then the job is gone.
        this.emitHeartbeat(job, 'finishing');
        this.jobs.delete(jobKey(job.jobId));
        continue;
      }
      if (job.waitsForContext) {
        this.emitHeartbeat(job, 'pending_context');
        continue;
      }
      const error = job.error;
      this.emitHeartbeat(job, error ? 'error' : 'active', error ?? null);
      if (!error) {
        this.emitData(job);
        if (job.failAfterFirstUpdate) job.error = `demo: workflow ${workflowKey(job.workflow.id)} failed as asked (--demo-fail-workflow)`;
      }
    }
    if (now >= this.nextServiceBeat) {
      this.nextServiceBeat = now + SERVICE_INTERVAL_MS;
      this.emitServiceHeartbeats();
      emitted = true;
    }
    if (emitted) this.notify();
  }

  // ---------------------------------------------------------------------------------------------
  // synthesis

  private emitData(job: FakeJob): void {
    const t = nowNs();
    const wf = job.workflow;
    const strength = 0.6 + 0.8 * job.variant;
    // Events this update: each view's window and cumulative fields share one window of counts.
    const rate = 1000 * strength * (1 + 0.3 * Math.sin(0.5 * job.update + 2 * Math.PI * job.variant));
    const windowTotal = Math.max(0, rate + Math.sqrt(rate) * gaussianNoise());
    const windows = new Map<string, { values: Float64Array; axes: Axis[] }>();
    const viewOf = new Map(wf.views.flatMap((v) => v.fields.map((f) => [f, v.name] as const)));
    for (const output of wf.outputs) {
      if (output.coords.includes('roi_index')) continue; // ROI readbacks: the ROI responder answers those
      const shareKey = viewOf.get(output.name) ?? output.name;
      let window = windows.get(shareKey);
      if (!window) {
        const made = this.windowValues(job, output, windowTotal, strength);
        if (!made) continue;
        windows.set(shareKey, (window = made));
      }
      let values = window.values;
      if (output.temporality === 'cumulative') {
        const acc = job.accumulated.get(output.name);
        values = acc && acc.length === values.length ? acc.map((v, i) => v + window.values[i]) : Float64Array.from(values);
        job.accumulated.set(output.name, values);
      }
      this.publish(job, output, values, window.axes, t);
    }
    job.lastEmitNs = t;
    job.update++;
  }

  /** One update window of an output: its axes as the job's params define them and its counts. */
  private windowValues(job: FakeJob, output: OutputSpec, windowTotal: number, strength: number): { values: Float64Array; axes: Axis[] } | null {
    if (output.temporality === 'series') {
      const value = 10 * Math.sin(0.2 * job.update + 2 * Math.PI * job.variant) + 0.2 * (Math.random() - 0.5);
      return { values: new Float64Array([value]), axes: [] };
    }
    if (output.dims.length === 0) {
      if (/in_(toa_)?range/.test(output.name)) return { values: new Float64Array([windowTotal * this.rangeFraction(job)]), axes: [] };
      return { values: new Float64Array([windowTotal]), axes: [] };
    }
    const axes = this.axesOf(job, output);
    if (!axes) return null;
    const amplitude = (100 * strength * windowTotal) / 1000;
    let values = bumpValues(axes, job.update, job.variant, amplitude);
    if (axes[0].name === 'roi') {
      // One spectrum per ROI, scaled by the ROI's share of the counts.
      values = values.map((v, i) => v * (job.rois[Math.floor(i / (values.length / axes[0].size))]?.weight ?? 1));
    }
    return { values, axes };
  }

  /** The share of counts the job's enabled range filter keeps (1 when none is enabled). */
  private rangeFraction(job: FakeJob): number {
    const mode = (job.params.coordinate_mode as { mode?: string } | undefined)?.mode ?? 'toa';
    const range = job.params[mode === 'wavelength' ? 'wavelength_range' : 'toa_range'] as { enabled?: boolean; start?: number; stop?: number; unit?: string } | undefined;
    if (!range?.enabled || typeof range.start !== 'number' || typeof range.stop !== 'number') return 1;
    const edgesKey = mode === 'wavelength' ? 'wavelength_edges' : 'toa_edges';
    const edges = job.params[edgesKey];
    const reference = job.workflow.params[edgesKey];
    if (!isEdgesParams(edges) || !isEdgesParams(reference)) return 1;
    const axis = histogramAxis(edgesKey, { ...(reference as EdgesParams), num_bins: 200 }, reference);
    const unit = reference.unit ?? null;
    const lo = convertUnit(range.start, range.unit ?? null, unit);
    const hi = convertUnit(range.stop, range.unit ?? null, unit);
    return fractionInRange(axis, job.update, job.variant, lo, hi);
  }

  private axesOf(job: FakeJob, output: OutputSpec): Axis[] | null {
    const mode = (job.params.coordinate_mode as { mode?: string } | undefined)?.mode;
    const axes: Axis[] = [];
    for (const dim of output.dims) {
      let group = dim.edgesParam ?? (dim.name === '<spectral_coord>' && isEdgesParams(job.params.toa_edges) ? 'toa_edges' : undefined);
      let name = dim.name === '<spectral_coord>' ? 'time_of_arrival' : dim.name;
      // In wavelength mode the services histogram in wavelength instead of time of arrival.
      if (group === 'toa_edges' && mode === 'wavelength' && isEdgesParams(job.params.wavelength_edges)) {
        group = 'wavelength_edges';
        name = 'wavelength';
      }
      const edges = group ? job.params[group] : undefined;
      const reference = group ? job.workflow.params[group] : undefined;
      if (isEdgesParams(edges) && isEdgesParams(reference)) axes.push(histogramAxis(name, edges as EdgesParams, reference as EdgesParams));
      else if (dim.name === 'roi') {
        if (job.rois.length === 0) return null; // no ROI selected: no spectra
        const axis = fixedAxis({ ...dim, coord: null }, job.rois.length);
        axes.push({ ...axis, coord: Float64Array.from(job.rois, (r) => r.index), unit: null });
      } else axes.push(fixedAxis(dim));
    }
    // Shrink pixel axes of an oversized output (never histogram axes: their bins are the params').
    let total = axes.reduce((n, a) => n * a.size, 1);
    for (let i = 0; total > MAX_ELEMENTS && i < axes.length; i++) {
      const dim = output.dims[i];
      if (dim.edgesParam || dim.name === 'roi') continue;
      const size = Math.max(1, Math.floor(axes[i].size / Math.ceil(total / MAX_ELEMENTS)));
      total = (total / axes[i].size) * size;
      axes[i] = fixedAxis(dim, size);
    }
    return axes;
  }

  private publish(job: FakeJob, output: OutputSpec, values: Float64Array, axes: Axis[], t: bigint): void {
    const unit = job.workflow.sourceUnits?.[job.jobId.sourceName] ?? output.unit;
    const variables: Variable[] = [];
    if (axes.length === 0) {
      variables.push(makeVariable('signal', values, { unit, label: output.title }));
    } else {
      const names = axes.map((a) => a.name);
      const shape = axes.map((a) => a.size);
      variables.push(makeVariable('signal', values, { axes: names, shape, unit, label: output.title }));
      if (axes.length === 1) variables.push(makeVariable('errors', values.map((v) => Math.sqrt(Math.max(v, 1))), { axes: names, shape, unit }));
      for (const a of axes) {
        if (a.coord) variables.push(makeVariable(a.name, a.coord, { axes: [a.name], unit: a.unit }));
      }
    }
    if (output.temporality !== 'series') {
      const start = output.temporality === 'cumulative' ? job.startNs : job.lastEmitNs;
      variables.push(makeVariable('start_time', new BigInt64Array([start]), { unit: 'ns' }));
    }
    variables.push(makeVariable('time', new BigInt64Array([t]), { unit: 'ns' }));
    const sourceName = formatResultKey({ workflowId: job.workflow.id, jobId: job.jobId, outputName: output.name });
    this.enqueue('data', encodeDa00({ sourceName, timestamp: job.startNs, variables }));
  }

  // ---------------------------------------------------------------------------------------------
  // status and acknowledgements

  private emitHeartbeat(job: FakeJob, state: string, error: string | null = null): void {
    this.enqueue('heartbeat', encodeJobHeartbeat({
      jobId: job.jobId,
      workflowId: workflowKey(job.workflow.id),
      state,
      warning: null,
      error,
      startTime: job.startNs,
      endTime: job.lastEmitNs,
      hostName: os.hostname(),
      processId: process.pid,
    }));
  }

  private emitServiceHeartbeats(): void {
    const services = new Set(this.instrument.workflows.map((w) => w.service));
    for (const serviceName of services) {
      let workerId = this.workerIds.get(serviceName);
      if (!workerId) this.workerIds.set(serviceName, (workerId = randomUUID()));
      const activeJobCount = [...this.jobs.values()].filter((j) => j.workflow.service === serviceName).length;
      this.enqueue('heartbeat', encodeServiceHeartbeat({
        instrument: this.instrument.name,
        serviceName,
        workerId,
        state: 'running',
        startedAt: this.startedAtNs,
        activeJobCount,
        error: null,
        batchIntervalS: this.options.updateIntervalMs / 1000,
        hostName: os.hostname(),
        processId: process.pid,
      }));
    }
  }

  private ack(messageId: string, device: string, error: string | null): void {
    if (this.options.dropAcks) {
      this.logger.info('demo backend: acknowledgement dropped (--demo-drop-acks)', { messageId, device });
      return;
    }
    const send = (): void => {
      this.enqueue('responses', encodeAcknowledgement({ messageId, device, response: error ? 'ERR' : 'ACK', message: error }));
      this.notify();
    };
    if (this.options.ackDelayMs <= 0) {
      send();
      return;
    }
    const timer = setTimeout(() => {
      this.pendingAcks.delete(timer);
      send();
    }, this.options.ackDelayMs);
    this.pendingAcks.add(timer);
  }

  private enqueue(role: ConsumedRole, value: Uint8Array): void {
    const topic = this.topics[role];
    const offset = this.offsets.get(topic) ?? 0;
    this.offsets.set(topic, offset + 1);
    const raw: RawMessage = { role, topic, partition: 0, offset: String(offset), timestampMs: Date.now(), value };
    this.queue.push(raw);
    if (this.taps.active) this.taps.emit(raw); // recording the demo is how resources/recordings/demo.mcap is made
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}

function jobKey(id: JobId): string {
  return `${id.sourceName}/${id.jobNumber}`;
}
