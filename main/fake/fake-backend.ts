// The embedded demo backend: a Transport that answers commands like the real services and
// emits synthetic results. It speaks bytes through the same codecs as Kafka, so demo mode
// exercises the real decode path. One update per output per second per job; job heartbeats
// with every update; service heartbeats every 2 s (the reference's fake sends none).
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { encodeDa00, makeVariable } from '../../shared/wire/da00';
import { decodeCommand, encodeAcknowledgement } from '../../shared/wire/commands';
import { formatResultKey } from '../../shared/wire/result-key';
import { encodeJobHeartbeat, encodeServiceHeartbeat } from '../../shared/wire/status';
import type { JobId, Variable } from '../../shared/wire/types';
import type { Logger } from '../logging/logger';
import { findWorkflow, type InstrumentSpec, type WorkflowSpec } from '../instruments/instrument-spec';
import { topicsFor, type ConnectionHealth, type ConsumedRole, type MessageTap, type ProducedRole, type RawMessage, type Transport } from '../transport/transport';
import { MessageTaps } from '../transport/message-tap';
import { bumpValues, coordValues, variantOf } from './synthesis';

const UPDATE_INTERVAL_MS = 1000;
const SERVICE_INTERVAL_MS = 2000;
const TICK_MS = 50;

interface FakeJob {
  workflow: WorkflowSpec;
  jobId: JobId;
  startNs: bigint;
  lastEmitNs: bigint;
  update: number;
  nextDue: number;
  variant: number;
  /** Running totals of cumulative scalar outputs. */
  totals: Map<string, number>;
  /** Set by failJob: the job heartbeats in state error and sends no data. */
  error?: string;
}

export interface FakeBackendOptions {
  updateIntervalMs?: number;
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
  private timer: NodeJS.Timeout | null = null;
  private nextServiceBeat = 0;
  private readonly healthState: ConnectionHealth = { state: 'connecting', since: Date.now(), detail: null };
  private readonly interval: number;

  constructor(
    private readonly instrument: InstrumentSpec,
    private readonly logger: Logger,
    options: FakeBackendOptions = {},
  ) {
    this.description = `demo (${instrument.name})`;
    this.topics = topicsFor(instrument.name);
    this.interval = options.updateIntervalMs ?? UPDATE_INTERVAL_MS;
  }

  async start(): Promise<void> {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), TICK_MS);
    Object.assign(this.healthState, { state: 'connected', since: Date.now(), detail: 'in-process demo backend' });
    this.notify();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
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

  async send(role: ProducedRole, value: Uint8Array): Promise<void> {
    if (role === 'roi') return; // ROI geometry is accepted; the demo has no ROI outputs yet
    let command: ReturnType<typeof decodeCommand>;
    try {
      command = decodeCommand(value);
    } catch (err) {
      this.logger.warn('demo backend: undecodable command ignored', { error: String(err) });
      return;
    }
    if (command.kind === 'workflow_config') {
      const key = `${command.identifier.instrument}/${command.identifier.name}/${command.identifier.version}`;
      const workflow = findWorkflow(this.instrument, key);
      const source = command.jobId.sourceName;
      if (!workflow || !workflow.sources.includes(source)) {
        this.ack(command.messageId, source, `unknown workflow ${key} for source ${source}`);
        return;
      }
      const t = nowNs();
      this.jobs.set(jobKey(command.jobId), {
        workflow, jobId: command.jobId, startNs: t, lastEmitNs: t, update: 0, nextDue: Date.now(), variant: variantOf(source, workflow.sources.indexOf(source)), totals: new Map(),
      });
      this.ack(command.messageId, source, null);
      return;
    }
    // job_command
    const targets = command.jobId ? [command.jobId] : [];
    const device = command.jobId ? jobKey(command.jobId) : 'all';
    if (targets.length === 0) {
      this.ack(command.messageId, device, 'the demo backend needs a job_id');
      return;
    }
    const job = this.jobs.get(jobKey(targets[0]));
    if (!job) return; // a worker that owns nothing matching stays silent
    switch (command.action) {
      case 'stop':
        this.jobs.delete(jobKey(job.jobId));
        this.emitHeartbeat(job, 'stopped');
        this.ack(command.messageId, device, null);
        break;
      case 'reset':
        if (!job.workflow.supportsReset) {
          this.ack(command.messageId, device, `Job ${device} does not support reset.`);
          break;
        }
        job.startNs = nowNs();
        job.lastEmitNs = job.startNs;
        job.update = 0;
        job.totals.clear();
        job.nextDue = Date.now(); // the fresh accumulation shows at once
        this.ack(command.messageId, device, null);
        break;
      default:
        this.ack(command.messageId, device, `${command.action} is not supported by this backend`); // like the real services (wire-protocol §3.3)
    }
  }

  /** Test hook: pretend a job failed (it keeps heartbeating in state error, without data). */
  failJob(jobId: JobId, message: string): void {
    const job = this.jobs.get(jobKey(jobId));
    if (job) job.error = message;
  }

  private tick(): void {
    const now = Date.now();
    let emitted = false;
    for (const job of this.jobs.values()) {
      if (now < job.nextDue) continue;
      job.nextDue = now + this.interval;
      const error = job.error;
      this.emitHeartbeat(job, error ? 'error' : 'active', error ?? null);
      if (!error) this.emitData(job);
      emitted = true;
    }
    if (now >= this.nextServiceBeat) {
      this.nextServiceBeat = now + SERVICE_INTERVAL_MS;
      this.emitServiceHeartbeats();
      emitted = true;
    }
    if (emitted) this.notify();
  }

  private emitData(job: FakeJob): void {
    const t = nowNs();
    for (const output of job.workflow.outputs) {
      const unit = job.workflow.sourceUnits?.[job.jobId.sourceName] ?? output.unit;
      const amplitude = output.temporality === 'cumulative' ? 100 * (job.update + 1) * (0.6 + 0.8 * job.variant) : 100 * (0.6 + 0.8 * job.variant);
      const variables: Variable[] = [];
      if (output.dims.length === 0) {
        const rate = 1000 * (0.6 + 0.8 * job.variant) * (1 + 0.3 * Math.sin(0.5 * job.update + 2 * Math.PI * job.variant));
        let value: number;
        if (output.temporality === 'series') value = 10 * Math.sin(0.2 * job.update + 2 * Math.PI * job.variant) + 0.2 * (Math.random() - 0.5);
        else if (output.temporality === 'cumulative') value = (job.totals.get(output.name) ?? 0) + rate; // counts since start: grows
        else value = rate + Math.sqrt(rate) * (Math.random() - 0.5);
        if (output.temporality === 'cumulative') job.totals.set(output.name, value);
        variables.push(makeVariable('signal', new Float64Array([value]), { unit, label: output.title }));
      } else {
        const values = bumpValues(output.dims, job.update, job.variant, amplitude);
        const axes = output.dims.map((d) => d.name);
        const shape = output.dims.map((d) => d.size);
        variables.push(makeVariable('signal', values, { axes, shape, unit, label: output.title }));
        if (output.dims.length === 1) {
          const errors = values.map((v) => Math.sqrt(Math.max(v, 1)));
          variables.push(makeVariable('errors', errors, { axes, shape, unit }));
        }
        for (const d of output.dims) {
          const c = coordValues(d);
          if (c) variables.push(makeVariable(d.name, c, { axes: [d.name], unit: d.coord?.unit ?? null }));
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
    job.lastEmitNs = t;
    job.update++;
  }

  private emitHeartbeat(job: FakeJob, state: string, error: string | null = null): void {
    this.enqueue('heartbeat', encodeJobHeartbeat({
      jobId: job.jobId,
      workflowId: `${job.workflow.id.instrument}/${job.workflow.id.name}/${job.workflow.id.version}`,
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
        batchIntervalS: 1.0,
        hostName: os.hostname(),
        processId: process.pid,
      }));
    }
  }

  private ack(messageId: string, device: string, error: string | null): void {
    this.enqueue('responses', encodeAcknowledgement({ messageId, device, response: error ? 'ERR' : 'ACK', message: error }));
    this.notify();
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
