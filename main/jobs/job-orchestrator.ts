// Workflow control and run state: start (commit) / stop / reset commands, pending-command
// tracking with timeout, acknowledgements, job and service heartbeats with staleness, and
// adoption of jobs found running. Owns the "current generation" per workflow, which is what
// the pump's ingestion guard admits data for.
import { randomUUID } from 'node:crypto';
import type { JobsSnapshot, ServiceView, SourceStatus, WorkflowStatus, WorkflowView } from '../../shared/protocol';
import type { JobId, WorkflowId } from '../../shared/wire/types';
import type { Logger } from '../logging/logger';
import { findWorkflow, workflowKey, type InstrumentSpec, type WorkflowSpec } from '../instruments/instrument-spec';
import type { NotificationQueue } from '../sessions/notification-queue';

export const PENDING_COMMAND_TIMEOUT_MS = 30_000;
export const JOB_STATUS_STALE_MS = 60_000;
export const SERVICE_STALE_MS = 30_000;
/** A job that should not run but still heartbeats gets another stop at most this often. */
export const STOP_REISSUE_MS = 30_000;
/** A retired job number silent for this long is forgotten (bounds the retired set). */
export const RETIRED_MEMORY_MS = 10 * 60_000;
/** Inactive (stopped or stale) workers kept per service, like the reference; restarts bring new worker ids. */
export const MAX_INACTIVE_WORKERS = 3;

export type OutgoingCommand =
  | { kind: 'workflow_config'; identifier: WorkflowId; messageId: string; jobId: JobId; params: Record<string, unknown> }
  | { kind: 'job_command'; messageId: string; jobId: JobId; action: 'stop' | 'reset' };

export interface ObservedJobStatus {
  state: string;
  warning: string | null;
  error: string | null;
  jobId: JobId;
  workflowId: string;
  startTime: bigint | null;
}

export interface ObservedServiceStatus {
  serviceId: string;
  instrument: string;
  serviceName: string;
  workerId: string;
  state: string;
  activeJobCount: number;
  error: string | null;
}

export interface Acknowledgement {
  messageId: string;
  device: string;
  response: 'ACK' | 'ERR';
  message: string | null;
}

interface Generation {
  jobNumber: string;
  sources: string[];
  adopted: boolean;
}

interface PendingCommand {
  action: 'start' | 'stop' | 'reset';
  workflow: WorkflowSpec;
  expected: Set<string>;
  acked: string[];
  errors: string[];
  deadline: number;
}

interface StatusRecord {
  status: ObservedJobStatus;
  receivedAt: number;
}

const VERB = { start: ['Started', 'start'], stop: ['Stopped', 'stop'], reset: ['Reset', 'reset'] } as const;
const STATE_RANK: Record<string, number> = { error: 5, warning: 4, pending_context: 3, scheduled: 3, stopped: 2, finishing: 1, active: 1 };

export interface JobEvents {
  started(workflowId: string): void;
  stopped(workflowId: string): void;
  /** A new generation replaces the workflow's buffers. */
  cleared(workflowId: string): void;
}

export class JobOrchestrator {
  private readonly current = new Map<string, Generation>();
  /** Job numbers that must never be adopted again (replaced or stopped by us), with when last heard of. */
  private readonly retired = new Map<string, number>();
  /** When a stop was last sent per "<source>/<job_number>", for re-issuing to stray jobs. */
  private readonly stopsSent = new Map<string, number>();
  private readonly statuses = new Map<string, StatusRecord>(); // key: source/jobNumber
  private readonly services = new Map<string, { status: ObservedServiceStatus; receivedAt: number }>();
  private readonly pending = new Map<string, PendingCommand>();
  private version = 1;
  private lastSignature = '';
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly instrument: InstrumentSpec,
    private readonly publish: (cmd: OutgoingCommand) => Promise<void>,
    private readonly notifications: NotificationQueue,
    private readonly events: JobEvents,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  get jobsVersion(): number {
    return this.version;
  }

  currentJob(workflowId: string): string | null {
    return this.current.get(workflowId)?.jobNumber ?? null;
  }

  /** The ingestion guard: only the current generation's data is stored. */
  isCurrent(workflowId: string, jobNumber: string): boolean {
    return this.current.get(workflowId)?.jobNumber === jobNumber;
  }

  async start(workflowId: string): Promise<void> {
    const workflow = this.workflow(workflowId);
    const previous = this.current.get(workflowId);
    const jobNumber = randomUUID();
    // Flip the generation before sending, so late data of the old job is already dropped.
    this.beginGeneration(workflowId, { jobNumber, sources: [...workflow.sources], adopted: false });
    const stops: Promise<string | null>[] = [];
    if (previous) {
      for (const source of previous.sources) {
        stops.push(this.send({ kind: 'job_command', messageId: randomUUID(), jobId: { sourceName: source, jobNumber: previous.jobNumber }, action: 'stop' }));
      }
    }
    const messageId = randomUUID();
    this.track(messageId, 'start', workflow, workflow.sources);
    const configs = workflow.sources.map((source) =>
      this.send({ kind: 'workflow_config', identifier: workflow.id, messageId, jobId: { sourceName: source, jobNumber }, params: workflow.params }),
    );
    await Promise.all(stops);
    const failures = (await Promise.all(configs)).filter((e): e is string => e !== null);
    if (failures.length === 0) return;
    this.notifications.push('error', `Could not send the start of '${workflow.title}' for ${failures.length}/${workflow.sources.length} sources: ${failures[0]}`);
    if (failures.length === workflow.sources.length && this.current.get(workflowId)?.jobNumber === jobNumber) {
      // Nothing reached the backend: do not leave plots waiting for a job that does not exist.
      this.pending.delete(messageId);
      this.current.delete(workflowId);
      this.retired.set(jobNumber, this.now());
      this.events.stopped(workflowId);
      this.changed();
    }
  }

  async stop(workflowId: string): Promise<void> {
    const workflow = this.workflow(workflowId);
    const gen = this.current.get(workflowId);
    if (!gen) throw new Error(`${workflow.title} is not running`);
    this.current.delete(workflowId);
    this.retired.set(gen.jobNumber, this.now());
    this.events.stopped(workflowId);
    this.changed();
    await this.sendJobCommands(workflow, gen, 'stop');
  }

  async reset(workflowId: string): Promise<void> {
    const workflow = this.workflow(workflowId);
    if (!workflow.supportsReset) throw new Error(`${workflow.title} does not support reset`);
    const gen = this.current.get(workflowId);
    if (!gen) throw new Error(`${workflow.title} is not running`);
    await this.sendJobCommands(workflow, gen, 'reset');
  }

  onAcknowledgement(ack: Acknowledgement): void {
    const p = this.pending.get(ack.messageId);
    if (!p) return; // other producers (NICOS, our own untracked stops) write commands too
    if (!p.expected.has(ack.device)) return;
    p.expected.delete(ack.device);
    if (ack.response === 'ACK') p.acked.push(ack.device);
    else p.errors.push(`${ack.device}: ${ack.message ?? 'error'}`);
    if (p.expected.size === 0) this.finish(ack.messageId, p, false);
    this.changed();
  }

  onJobStatus(status: ObservedJobStatus): void {
    const workflow = findWorkflow(this.instrument, status.workflowId);
    if (!workflow) return; // unknown workflows are not ours to show
    const key = `${status.jobId.sourceName}/${status.jobId.jobNumber}`;
    this.statuses.set(key, { status, receivedAt: this.now() });
    const gen = this.current.get(status.workflowId);
    const jobNumber = status.jobId.jobNumber;
    if (this.retired.has(jobNumber)) this.retired.set(jobNumber, this.now()); // still alive: keep refusing it
    if (!gen && status.state !== 'stopped' && !this.retired.has(jobNumber)) {
      // Found running (after our restart, or started elsewhere): adopt it.
      this.beginGeneration(status.workflowId, { jobNumber, sources: [status.jobId.sourceName], adopted: true });
      this.notifications.push('info', `Adopted running job of '${workflow.title}' (${status.jobId.sourceName})`);
    } else if (gen && gen.jobNumber === jobNumber && !gen.sources.includes(status.jobId.sourceName)) {
      gen.sources.push(status.jobId.sourceName);
    }
    this.reconcile(status, workflow);
    if (gen && gen.jobNumber === jobNumber && status.state === 'stopped'
      && gen.sources.every((s) => this.statuses.get(`${s}/${jobNumber}`)?.status.state === 'stopped')) {
      // The backend ended every job of the generation itself (shutdown): deactivate, send nothing.
      this.current.delete(status.workflowId);
      this.retired.set(jobNumber, this.now());
      this.events.stopped(status.workflowId);
    }
    this.refresh();
  }

  /**
   * A running job that is not the workflow's current generation (one we replaced or stopped,
   * whose stop was lost, or a stray one) is stopped again, at most every 30 s per job — the
   * reference's reconciliation. Only one commanding client should run per instrument.
   */
  private reconcile(status: ObservedJobStatus, workflow: WorkflowSpec): void {
    if (status.state === 'stopped') return;
    const gen = this.current.get(status.workflowId);
    const jobNumber = status.jobId.jobNumber;
    const stray = gen ? gen.jobNumber !== jobNumber : this.retired.has(jobNumber);
    if (!stray) return;
    const key = `${status.jobId.sourceName}/${jobNumber}`;
    const last = this.stopsSent.get(key);
    if (last !== undefined && this.now() - last < STOP_REISSUE_MS) return;
    this.logger.info('stopping a job that should not run', { workflow: workflow.title, job: key, reissue: last !== undefined });
    void this.send({ kind: 'job_command', messageId: randomUUID(), jobId: status.jobId, action: 'stop' });
  }

  onServiceStatus(status: ObservedServiceStatus): void {
    this.services.set(status.serviceId, { status, receivedAt: this.now() });
    this.refresh();
  }

  /** Runs every pump pass: expires pending commands and notices staleness. */
  tick(): void {
    const t = this.now();
    for (const [id, p] of this.pending) if (t >= p.deadline) this.finish(id, p, true);
    // Forget what no view needs any more, so restarts do not grow these maps for ever.
    for (const [key, rec] of this.statuses) {
      if (t - rec.receivedAt >= JOB_STATUS_STALE_MS && !this.isCurrent(rec.status.workflowId, rec.status.jobId.jobNumber)) this.statuses.delete(key);
    }
    for (const [jobNumber, lastHeard] of this.retired) if (t - lastHeard >= RETIRED_MEMORY_MS) this.retired.delete(jobNumber);
    for (const [key, sentAt] of this.stopsSent) if (t - sentAt >= RETIRED_MEMORY_MS) this.stopsSent.delete(key);
    const inactive = new Map<string, { id: string; receivedAt: number }[]>();
    for (const [id, { status, receivedAt }] of this.services) {
      if (status.state !== 'stopped' && t - receivedAt <= SERVICE_STALE_MS) continue;
      const list = inactive.get(status.serviceName) ?? [];
      list.push({ id, receivedAt });
      inactive.set(status.serviceName, list);
    }
    for (const list of inactive.values()) {
      list.sort((a, b) => b.receivedAt - a.receivedAt);
      for (const { id } of list.slice(MAX_INACTIVE_WORKERS)) this.services.delete(id);
    }
    this.refresh();
  }

  snapshot(): JobsSnapshot {
    return { version: this.version, workflows: this.workflowViews(), services: this.serviceViews() };
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  private workflowViews(): WorkflowView[] {
    const t = this.now();
    return this.instrument.workflows.map((w): WorkflowView => {
      const key = workflowKey(w.id);
      const gen = this.current.get(key);
      const pending = [...this.pending.values()].find((p) => p.workflow === w);
      const sourceStatuses: SourceStatus[] = w.sources.map((source) => {
        const rec = gen ? this.statuses.get(`${source}/${gen.jobNumber}`) : undefined;
        const fresh = rec && t - rec.receivedAt < JOB_STATUS_STALE_MS ? rec.status : null;
        return { source, state: fresh?.state ?? null, error: fresh?.error ?? null, warning: fresh?.warning ?? null };
      });
      let status: WorkflowStatus = 'STOPPED';
      let startedAtMs: number | null = null;
      if (gen) {
        const fresh = sourceStatuses.filter((s) => s.state !== null && gen.sources.includes(s.source));
        if (fresh.length === 0) status = 'PENDING';
        else {
          const worst = fresh.reduce((a, b) => ((STATE_RANK[b.state!] ?? 0) > (STATE_RANK[a.state!] ?? 0) ? b : a));
          status = worst.state === 'error' ? 'ERROR' : worst.state === 'warning' || worst.state === 'pending_context' ? 'WARNING' : worst.state === 'stopped' ? 'STOPPED' : 'ACTIVE';
        }
        for (const s of gen.sources) {
          const st = this.statuses.get(`${s}/${gen.jobNumber}`)?.status.startTime;
          if (st != null) {
            const ms = Number(st / 1_000_000n);
            if (startedAtMs === null || ms < startedAtMs) startedAtMs = ms;
          }
        }
      }
      return {
        id: key,
        title: w.title,
        group: w.group,
        description: w.description,
        sources: w.sources,
        outputs: w.outputs.map((o) => ({ name: o.name, title: o.title })),
        status,
        jobNumber: gen?.jobNumber ?? null,
        sourceStatuses,
        startedAtMs,
        supportsReset: w.supportsReset,
        pendingCommand: pending ? pending.action : null,
      };
    });
  }

  private serviceViews(): ServiceView[] {
    const t = this.now();
    return [...this.services.values()]
      .map(({ status, receivedAt }) => ({
        serviceId: status.serviceId,
        instrument: status.instrument,
        serviceName: status.serviceName,
        workerId: status.workerId,
        state: status.state,
        stale: status.state !== 'stopped' && t - receivedAt > SERVICE_STALE_MS,
        activeJobCount: status.activeJobCount,
        lastSeenMs: receivedAt,
        error: status.error,
      }))
      .sort((a, b) => a.serviceId.localeCompare(b.serviceId));
  }

  private beginGeneration(workflowId: string, gen: Generation): void {
    const previous = this.current.get(workflowId);
    if (previous) this.retired.set(previous.jobNumber, this.now());
    this.current.set(workflowId, gen);
    this.events.cleared(workflowId);
    this.events.started(workflowId);
    this.changed();
  }

  private async sendJobCommands(workflow: WorkflowSpec, gen: Generation, action: 'stop' | 'reset'): Promise<void> {
    const messageId = randomUUID();
    // The backend answers a job command with device "<source>/<job_number>".
    this.track(messageId, action, workflow, gen.sources.map((s) => `${s}/${gen.jobNumber}`));
    const failures = (await Promise.all(gen.sources.map((sourceName) => this.send({ kind: 'job_command', messageId, jobId: { sourceName, jobNumber: gen.jobNumber }, action }))))
      .filter((e): e is string => e !== null);
    if (failures.length === 0) return;
    this.notifications.push('error', `Could not send the ${action} of '${workflow.title}' for ${failures.length}/${gen.sources.length} sources: ${failures[0]}`);
    // A command that never left cannot be answered: no timeout toast on top of this one.
    if (failures.length === gen.sources.length) {
      this.pending.delete(messageId);
      this.changed();
    }
  }

  private track(messageId: string, action: PendingCommand['action'], workflow: WorkflowSpec, devices: string[]): void {
    this.pending.set(messageId, { action, workflow, expected: new Set(devices), acked: [], errors: [], deadline: this.now() + PENDING_COMMAND_TIMEOUT_MS });
    this.changed();
  }

  private finish(messageId: string, p: PendingCommand, timedOut: boolean): void {
    this.pending.delete(messageId);
    const total = p.acked.length + p.errors.length + p.expected.size;
    const [past, verb] = VERB[p.action];
    if (p.acked.length > 0) this.notifications.push('success', `${past} ${p.acked.length}/${total} jobs for '${p.workflow.title}'`);
    if (p.errors.length > 0) this.notifications.push('error', `Failed to ${verb} ${p.errors.length}/${total} jobs for '${p.workflow.title}': ${p.errors.join('; ')}`);
    if (timedOut && p.expected.size > 0) {
      this.notifications.push('error', `Failed to ${verb} ${p.expected.size}/${total} jobs for '${p.workflow.title}': no response from backend (timed out after ${PENDING_COMMAND_TIMEOUT_MS / 1000}s)`);
    }
    this.changed();
  }

  /** Publishes one command; resolves with the error message if it could not be sent. */
  private async send(cmd: OutgoingCommand): Promise<string | null> {
    if (cmd.kind === 'job_command' && cmd.action === 'stop') this.stopsSent.set(`${cmd.jobId.sourceName}/${cmd.jobId.jobNumber}`, this.now());
    try {
      await this.publish(cmd);
      return null;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.logger.error('sending command failed', { kind: cmd.kind, error: message });
      return message;
    }
  }

  private workflow(workflowId: string): WorkflowSpec {
    const w = findWorkflow(this.instrument, workflowId);
    if (!w) throw new Error(`unknown workflow ${workflowId}`);
    return w;
  }

  /**
   * Bumps the version only when what sessions would see changed (heartbeats are frequent);
   * service last-seen times count in 5 s steps so their ages stay current without churn.
   */
  private refresh(): void {
    const signature = JSON.stringify([this.workflowViews().map((w) => [w.status, w.jobNumber, w.sourceStatuses, w.startedAtMs, w.pendingCommand]), this.serviceViews().map((s) => [s.serviceId, s.state, s.stale, s.activeJobCount, s.error, Math.floor(s.lastSeenMs / 5000)])]);
    if (signature !== this.lastSignature) {
      this.lastSignature = signature;
      this.version++;
      for (const l of this.listeners) l();
    }
  }

  private changed(): void {
    this.refresh();
  }
}
