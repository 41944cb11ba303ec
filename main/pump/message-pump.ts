// The background loop (docs/architecture.md): drain the transport, route status and acks to the job
// orchestrator first, then store data in one transaction, dropping data of job numbers that
// are not current. One bad message is counted, logged (rate-limited) and skipped; it never
// stops the pump.
import { decodeByRole, type DecodedMessage } from '../../shared/wire';
import { workflowIdToString } from '../../shared/wire/result-key';
import { toDataArray } from '../../shared/wire/data-array';
import type { Logger } from '../logging/logger';
import type { DataStore } from '../data/data-store';
import type { JobOrchestrator } from '../jobs/job-orchestrator';
import type { RawMessage, Transport } from '../transport/transport';
import type { TopicStats } from './topic-stats';

const MAX_PER_PASS = 2000;
const IDLE_INTERVAL_MS = 50;

export interface PumpHooks {
  /** Runs after every pass (housekeeping: expiries, reaping, stats sampling). */
  afterPass(): void;
}

export class MessagePump {
  private timer: NodeJS.Timeout | null = null;
  private scheduled = false;
  private running = false;
  private readonly errorLog = new Map<string, { last: number; suppressed: number }>();
  staleDropped = 0;

  constructor(
    private readonly transport: Transport,
    private readonly jobs: JobOrchestrator,
    private readonly data: DataStore,
    private readonly stats: TopicStats,
    private readonly hooks: PumpHooks,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.running = true;
    this.transport.onActivity(() => this.schedule());
    this.timer = setInterval(() => this.schedule(), IDLE_INTERVAL_MS);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass over what is queued now; returns the number of messages consumed. */
  pass(): number {
    const raw = this.transport.drain(MAX_PER_PASS);
    const controls: DecodedMessage[] = [];
    const data: Extract<DecodedMessage, { kind: 'data' }>[] = [];
    for (const m of raw) {
      this.stats.record(m.topic, m.role, m.value.byteLength);
      let decoded: DecodedMessage;
      try {
        // Kafka ingest decodes on its worker thread (main/kafka/kafka-worker.ts).
        if (m.decodeError !== undefined) throw new Error(m.decodeError);
        decoded = m.decoded ?? decodeByRole(m.role, m.value);
      } catch (err) {
        this.reject(m, err);
        continue;
      }
      if (decoded.kind === 'data') data.push(decoded);
      else controls.push(decoded);
    }
    for (const c of controls) {
      try {
        if (c.kind === 'job_status') this.jobs.onJobStatus(c.status);
        else if (c.kind === 'service_status') {
          const s = c.status;
          this.jobs.onServiceStatus({ ...s, serviceId: s.serviceId ?? `${s.instrument}:${s.serviceName}:${s.workerId}`, version: c.envelope.softwareVersion });
        }
        else if (c.kind === 'ack') this.jobs.onAcknowledgement(c.ack);
      } catch (err) {
        this.logger.error('control message handling failed', { kind: c.kind, error: String(err) });
      }
    }
    if (data.length) {
      this.data.transaction(() => {
        for (const d of data) {
          const workflowId = workflowIdToString(d.key.workflowId);
          if (!this.jobs.isCurrent(workflowId, d.key.jobId.jobNumber)) {
            this.staleDropped++;
            continue;
          }
          try {
            this.data.set({ workflowId, sourceName: d.key.jobId.sourceName, outputName: d.key.outputName }, toDataArray(d.message), d.key.jobId.jobNumber);
          } catch (err) {
            this.logger.warn('data message not stored', { source: d.message.sourceName, error: String(err) });
          }
        }
      });
    }
    return raw.length;
  }

  private schedule(): void {
    if (this.scheduled || !this.running) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.running) return;
      let consumed = 0;
      try {
        consumed = this.pass();
        this.hooks.afterPass();
      } catch (err) {
        this.logger.error('pump pass failed', { error: err instanceof Error ? err.stack : String(err) });
      }
      // More queued than one pass takes: go again at once rather than waiting for the tick.
      if (consumed >= MAX_PER_PASS) this.schedule();
    });
  }

  private reject(m: RawMessage, err: unknown): void {
    this.stats.recordError(m.topic, m.role);
    const key = m.topic;
    const now = Date.now();
    const entry = this.errorLog.get(key) ?? { last: 0, suppressed: 0 };
    if (now - entry.last >= 1000) {
      this.logger.warn('malformed message skipped', {
        topic: m.topic, partition: m.partition, offset: m.offset,
        error: err instanceof Error ? err.message : String(err),
        suppressedSinceLast: entry.suppressed,
      });
      entry.last = now;
      entry.suppressed = 0;
    } else {
      entry.suppressed++;
    }
    this.errorLog.set(key, entry);
  }
}
