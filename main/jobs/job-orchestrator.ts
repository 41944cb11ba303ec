// Workflow control and run state: commit (start) / stop / reset commands, acknowledgements
// (main/jobs/command-tracker.ts), job and service heartbeats with staleness, adoption of jobs
// found running and re-attachment of jobs recorded in workflow_configs.yaml. Owns the
// "current generation" per workflow, which is what the pump's ingestion guard admits data
// for. The configs themselves (staged / committed, persistence) live in workflow-configs.ts.
import { randomUUID } from 'node:crypto';
import type { JobsSnapshot, ServiceView, SourceStatus, WorkflowStatus, WorkflowView } from '../../shared/protocol';
import type { StreamStats } from '../../shared/wire/status';
import type { JobId, WorkflowId } from '../../shared/wire/types';
import { affectedDevices } from '../../shared/workflow-config';
import type { Logger } from '../logging/logger';
import { findWorkflow, workflowKey, type InstrumentSpec, type WorkflowSpec } from '../instruments/instrument-spec';
import type { NotificationQueue } from '../sessions/notification-queue';
import { CommandRefused } from '../sessions/command-router';
import { CommandTracker, type CommandAction, type CommandOutcome } from './command-tracker';
import { WorkflowConfigs } from './workflow-configs';

export { PENDING_COMMAND_TIMEOUT_MS } from './command-tracker';
export const JOB_STATUS_STALE_MS = 60_000;
export const SERVICE_STALE_MS = 30_000;
/** A job that should not run but still heartbeats gets another stop at most this often. */
export const STOP_REISSUE_MS = 30_000;
/** A retired job number silent for this long is forgotten (bounds the retired set). */
export const RETIRED_MEMORY_MS = 10 * 60_000;
/** Inactive (stopped or stale) workers kept per service, like the reference; restarts bring new worker ids. */
export const MAX_INACTIVE_WORKERS = 3;
/**
 * A job recorded as running (workflow_configs.yaml) shows PENDING this long after the data
 * source is connected; unseen by then it shows STOPPED (it re-attaches whenever it appears).
 */
export const RESTORE_GRACE_MS = 30_000;

export type OutgoingCommand =
  | {
      kind: 'workflow_config';
      identifier: WorkflowId;
      messageId: string;
      jobId: JobId;
      params: Record<string, unknown>;
      /** Aux-source slot → stream (WorkflowConfig.aux_source_names). */
      auxSourceNames: Record<string, string>;
    }
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
  /** Software version from the x5f2 envelope. */
  version?: string | null;
  startedAt?: bigint | null;
  batchIntervalS?: number;
  /** Sent about every 30 s, null in between (the last one is kept). */
  streamStats?: StreamStats | null;
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

interface StatusRecord {
  status: ObservedJobStatus;
  receivedAt: number;
}

/** A job recorded as running at our last run, waiting to be seen in heartbeats. */
interface Restored {
  jobNumber: string;
  sources: string[];
}

/** Worst state wins (the reference's priorities, scheduled and finishing between stopped and active). */
const STATE_RANK: Record<string, number> = { error: 6, warning: 5, pending_context: 4, stopped: 3, scheduled: 2, finishing: 1, active: 0 };
/** The reference's wording of job states on the card. */
export function jobStateLabel(state: string): string {
  return state === 'pending_context' ? 'WAITING FOR CONTEXT' : state.toUpperCase();
}

export interface JobEvents {
  started(workflowId: string): void;
  stopped(workflowId: string): void;
  /** A new generation replaces the workflow's buffers. */
  cleared(workflowId: string): void;
}

export interface JobOrchestratorOptions {
  /** Staged/committed configs (a store without a file when not given). */
  configs?: WorkflowConfigs;
  /** Why commands cannot be sent right now (data source down), or null. Checked before every command. */
  canSend?: () => string | null;
}

export class JobOrchestrator {
  private readonly current = new Map<string, Generation>();
  /** Jobs recorded as running at the last run, until seen (re-attach) or stopped. */
  private readonly restored = new Map<string, Restored>();
  /** When the data source was first seen connected with restored records (starts their grace). */
  private restoredSince: number | null = null;
  /** Job numbers that must never be adopted again (replaced or stopped by us), with when last heard of. */
  private readonly retired = new Map<string, number>();
  /** When a stop was last sent per "<source>/<job_number>", for re-issuing to stray jobs. */
  private readonly stopsSent = new Map<string, number>();
  private readonly statuses = new Map<string, StatusRecord>(); // key: source/jobNumber
  private readonly services = new Map<string, { status: ObservedServiceStatus; receivedAt: number }>();
  /** Why a workflow is stopped when it did not stop by a user's hand ("Backend shut down", ...). */
  private readonly notes = new Map<string, string>();
  private readonly commands: CommandTracker;
  readonly configs: WorkflowConfigs;
  private readonly canSend: () => string | null;
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
    options: JobOrchestratorOptions = {},
  ) {
    this.commands = new CommandTracker(notifications, now);
    this.configs = options.configs ?? new WorkflowConfigs(instrument, null, logger, now);
    this.canSend = options.canSend ?? (() => null);
    this.restoreRecords();
  }

  /** False in replay: every seek re-adopts the recording's jobs, which is not news to announce. */
  announceAdoptions = true;

  /**
   * Replay jumped in time (seek, loop, another file): forget every generation and status, as
   * after a restart, so the heartbeats replayed next adopt what ran at the new time
   * (main/replay/replay-controller.ts).
   */
  forgetAll(): void {
    for (const workflowId of [...this.current.keys()]) {
      this.current.delete(workflowId);
      this.events.stopped(workflowId);
      this.events.cleared(workflowId);
    }
    this.restored.clear();
    this.retired.clear();
    this.stopsSent.clear();
    this.statuses.clear();
    this.services.clear();
    this.notes.clear();
    this.commands.clear();
    this.changed();
  }

  /** Re-reads the running-job records of the config store (after it loaded its file). */
  restoreRecords(): void {
    for (const w of this.instrument.workflows) {
      const key = workflowKey(w.id);
      const record = this.configs.committed(key);
      if (record && !this.current.has(key)) this.restored.set(key, { jobNumber: record.jobNumber, sources: Object.keys(record.jobs) });
    }
    this.changed();
  }

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

  /** Sources the workflow runs on now (its generation, or a restored record still awaited). */
  runningSources(workflowId: string): string[] {
    return this.current.get(workflowId)?.sources.slice() ?? this.restored.get(workflowId)?.sources.slice() ?? [];
  }

  /**
   * The app's own start (the demo's auto-start at launch): a commit of the staged config that
   * no operator asked for, so there is nobody to confirm devices. After a restart of the demo
   * its recorded jobs died with the old process; starting afresh disrupts nothing.
   */
  start(workflowId: string): Promise<void> {
    return this.commit(workflowId, [], false);
  }

  /**
   * Commits the staged config: stops the old job numbers (the running generation, a restored
   * record, any other fresh job of the workflow), then sends one WorkflowConfig per staged
   * source with a fresh job number, its params and aux sources. Refused at once when the data
   * source is down, nothing is staged, or devices would be disrupted without confirmation.
   */
  async commit(workflowId: string, confirmedDevices: readonly string[] = [], operator = true): Promise<void> {
    const workflow = this.workflow(workflowId);
    this.assertCanSend(workflow, 'start');
    if (operator) this.assertConfirmed(workflowId, workflow, 'restart with modified config', confirmedDevices);
    const jobs = this.configs.forCommit(workflowId);
    const sources = Object.keys(jobs);
    const old = this.oldJobIds(workflowId);
    const jobNumber = randomUUID();
    this.restored.delete(workflowId);
    this.notes.delete(workflowId);
    // Flip the generation before sending, so late data of the old job is already dropped.
    this.beginGeneration(workflowId, { jobNumber, sources, adopted: false });
    this.configs.committedAs(workflowId, jobNumber, jobs);
    const stops = old.map((jobId) => this.send({ kind: 'job_command', messageId: randomUUID(), jobId, action: 'stop' }));
    const messageId = randomUUID();
    this.commands.track(messageId, { action: 'start', workflowId, workflowTitle: workflow.title, jobNumber, devices: sources });
    this.changed();
    const configs = sources.map((source) =>
      this.send({
        kind: 'workflow_config', identifier: workflow.id, messageId, jobId: { sourceName: source, jobNumber },
        params: jobs[source].params, auxSourceNames: jobs[source].auxSourceNames,
      }),
    );
    await Promise.all(stops);
    const failures = (await Promise.all(configs)).filter((e): e is string => e !== null);
    if (failures.length === 0) return;
    this.notifications.push('error', `Could not send the start of '${workflow.title}' for ${failures.length}/${sources.length} sources: ${failures[0]}`);
    if (failures.length === sources.length && this.current.get(workflowId)?.jobNumber === jobNumber) {
      // Nothing reached the backend: do not leave plots waiting for a job that does not exist.
      this.commands.forget(messageId);
      this.deactivate(workflowId, jobNumber, 'Start could not be sent');
    }
  }

  async stop(workflowId: string, confirmedDevices: readonly string[] = []): Promise<void> {
    const workflow = this.workflow(workflowId);
    const gen = this.current.get(workflowId);
    const restored = this.restored.get(workflowId);
    if (!gen && !restored) throw new CommandRefused(`${workflow.title} is not running`);
    this.assertCanSend(workflow, 'stop');
    this.assertConfirmed(workflowId, workflow, 'stop', confirmedDevices);
    const target = gen ?? { jobNumber: restored!.jobNumber, sources: restored!.sources, adopted: false };
    this.restored.delete(workflowId);
    if (gen) this.current.delete(workflowId);
    this.retired.set(target.jobNumber, this.now());
    this.notes.delete(workflowId);
    if (gen) this.events.stopped(workflowId);
    this.configs.deactivated(workflowId);
    this.changed();
    await this.sendJobCommands(workflow, target, 'stop');
  }

  async reset(workflowId: string, confirmedDevices: readonly string[] = []): Promise<void> {
    const workflow = this.workflow(workflowId);
    if (!workflow.supportsReset) throw new CommandRefused(`${workflow.title} does not support reset`);
    const gen = this.current.get(workflowId);
    if (!gen) throw new CommandRefused(`${workflow.title} is not running`);
    this.assertCanSend(workflow, 'reset');
    this.assertConfirmed(workflowId, workflow, 'reset', confirmedDevices);
    await this.sendJobCommands(workflow, gen, 'reset');
  }

  /** Forgets stopped and stale workers (the System tab's "Clear stopped workers"). Returns how many. */
  clearStoppedWorkers(): number {
    const t = this.now();
    let n = 0;
    for (const [id, { status, receivedAt }] of this.services) {
      if (status.state === 'stopped' || t - receivedAt > SERVICE_STALE_MS) {
        this.services.delete(id);
        n++;
      }
    }
    this.refresh();
    return n;
  }

  onAcknowledgement(ack: Acknowledgement): void {
    const outcome = this.commands.acknowledge(ack.messageId, ack.device, ack.response === 'ACK', ack.message);
    if (outcome === null) return;
    if (outcome !== 'counted') this.settle(outcome);
    this.changed();
  }

  onJobStatus(status: ObservedJobStatus): void {
    const workflow = findWorkflow(this.instrument, status.workflowId);
    if (!workflow) return; // unknown workflows are not ours to show
    const key = `${status.jobId.sourceName}/${status.jobId.jobNumber}`;
    this.statuses.set(key, { status, receivedAt: this.now() });
    let gen = this.current.get(status.workflowId);
    const jobNumber = status.jobId.jobNumber;
    if (this.retired.has(jobNumber)) this.retired.set(jobNumber, this.now()); // still alive: keep refusing it
    const restored = this.restored.get(status.workflowId);
    if (!gen && restored && restored.jobNumber === jobNumber) {
      // Our own job from before a restart: re-attach it with its recorded config.
      this.restored.delete(status.workflowId);
      this.beginGeneration(status.workflowId, { jobNumber, sources: [...restored.sources], adopted: false });
      gen = this.current.get(status.workflowId);
      this.logger.info('re-attached running job', { workflow: workflow.title, job: jobNumber });
      if (this.announceAdoptions) this.notifications.push('info', `Re-attached running job of '${workflow.title}' (${restored.sources.join(', ')})`);
    } else if (!gen && restored && this.restoreGraceLeft()) {
      // Another job of this workflow while ours may still show up: decide once the grace is over.
    } else if (!gen && status.state !== 'stopped' && !this.retired.has(jobNumber)) {
      // Found running (after our restart without a record, or started elsewhere): adopt it.
      this.restored.delete(status.workflowId);
      this.beginGeneration(status.workflowId, { jobNumber, sources: [status.jobId.sourceName], adopted: true });
      this.configs.adopted(status.workflowId, jobNumber, [status.jobId.sourceName]);
      if (this.announceAdoptions) this.notifications.push('info', `Adopted running job of '${workflow.title}' (${status.jobId.sourceName})`);
    } else if (gen && gen.jobNumber === jobNumber && !gen.sources.includes(status.jobId.sourceName)) {
      gen.sources.push(status.jobId.sourceName);
      if (gen.adopted) this.configs.adopted(status.workflowId, jobNumber, gen.sources);
    }
    this.reconcile(status, workflow);
    if (gen && gen.jobNumber === jobNumber && status.state === 'stopped'
      && gen.sources.every((s) => this.statuses.get(`${s}/${jobNumber}`)?.status.state === 'stopped')) {
      // The backend ended every job of the generation itself (shutdown): deactivate, send nothing.
      this.deactivate(status.workflowId, jobNumber, 'Backend shut down');
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
    if (!gen && this.restored.has(status.workflowId)) return; // undecided until the grace is over
    const stray = gen ? gen.jobNumber !== jobNumber : this.retired.has(jobNumber);
    if (!stray) return;
    const key = `${status.jobId.sourceName}/${jobNumber}`;
    const last = this.stopsSent.get(key);
    if (last !== undefined && this.now() - last < STOP_REISSUE_MS) return;
    this.logger.info('stopping a job that should not run', { workflow: workflow.title, job: key, reissue: last !== undefined });
    void this.send({ kind: 'job_command', messageId: randomUUID(), jobId: status.jobId, action: 'stop' });
  }

  onServiceStatus(status: ObservedServiceStatus): void {
    const previous = this.services.get(status.serviceId)?.status;
    // Stream statistics come about every 30 s: keep the last ones in between (as the reference).
    const streamStats = status.streamStats ?? previous?.streamStats ?? null;
    this.services.set(status.serviceId, { status: { ...status, streamStats }, receivedAt: this.now() });
    this.refresh();
  }

  /** Runs every pump pass: expires pending commands and notices staleness. */
  tick(): void {
    const t = this.now();
    for (const outcome of this.commands.expire()) this.settle(outcome);
    if (this.restored.size > 0) {
      if (this.restoredSince === null && this.canSend() === null) this.restoredSince = t;
    }
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

  /**
   * A command ended. A start that no source accepted (all refused or unanswered) and whose
   * job was never seen is rolled back, so the card shows the truth (STOPPED) instead of
   * PENDING "Waiting for backend…" and the header does not count it as running.
   */
  private settle({ command, timedOut }: CommandOutcome): void {
    if (command.action !== 'start' || command.acked.length > 0) return;
    const gen = this.current.get(command.workflowId);
    if (!gen || gen.jobNumber !== command.jobNumber) return;
    const seen = gen.sources.some((s) => this.statuses.has(`${s}/${gen.jobNumber}`));
    if (seen) return;
    this.deactivate(command.workflowId, gen.jobNumber, timedOut ? 'Start failed: no response from backend' : 'Start failed: refused by backend');
  }

  private deactivate(workflowId: string, jobNumber: string, note: string | null): void {
    this.current.delete(workflowId);
    this.retired.set(jobNumber, this.now());
    if (note) this.notes.set(workflowId, note);
    this.events.stopped(workflowId);
    this.configs.deactivated(workflowId);
    this.changed();
  }

  private restoreGraceLeft(): boolean {
    return this.restoredSince === null || this.now() - this.restoredSince < RESTORE_GRACE_MS;
  }

  /** The job ids a commit supersedes: the generation (or restored record) and any other fresh running job of the workflow. */
  private oldJobIds(workflowId: string): JobId[] {
    const ids = new Map<string, JobId>();
    const gen = this.current.get(workflowId) ?? this.restored.get(workflowId);
    if (gen) for (const s of gen.sources) ids.set(`${s}/${gen.jobNumber}`, { sourceName: s, jobNumber: gen.jobNumber });
    const t = this.now();
    for (const [key, rec] of this.statuses) {
      if (rec.status.workflowId !== workflowId || rec.status.state === 'stopped' || t - rec.receivedAt >= JOB_STATUS_STALE_MS) continue;
      ids.set(key, rec.status.jobId);
    }
    return [...ids.values()];
  }

  private assertCanSend(workflow: WorkflowSpec, verb: CommandAction): void {
    const reason = this.canSend();
    if (reason) throw new CommandRefused(`Cannot ${verb} '${workflow.title}': ${reason}`);
  }

  /**
   * The device rule (the reference's disruptive-action gate): while "confirm before disrupting
   * a device" is on, stop/reset/commit of a workflow whose running sources feed instrument
   * devices is refused unless every affected device was confirmed by the user.
   */
  private assertConfirmed(workflowId: string, workflow: WorkflowSpec, action: string, confirmed: readonly string[]): void {
    if (!this.configs.confirmDeviceActions) return;
    const affected = affectedDevices(this.instrument.devices ?? [], workflowId, this.runningSources(workflowId));
    const missing = affected.filter((d) => !confirmed.includes(d));
    if (missing.length > 0) throw new CommandRefused(`Confirmation needed: to ${action} '${workflow.title}' disrupts device(s) ${affected.join(', ')}`);
  }

  private workflowViews(): WorkflowView[] {
    const t = this.now();
    return this.instrument.workflows.map((w): WorkflowView => {
      const key = workflowKey(w.id);
      const gen = this.current.get(key);
      const restored = gen ? undefined : this.restored.get(key);
      const pending = this.commands.pendingFor(key);
      const sourceStatuses: SourceStatus[] = w.sources.map((source) => {
        const rec = gen ? this.statuses.get(`${source}/${gen.jobNumber}`) : undefined;
        const fresh = rec && t - rec.receivedAt < JOB_STATUS_STALE_MS ? rec.status : null;
        return { source, state: fresh?.state ?? null, error: fresh?.error ?? null, warning: fresh?.warning ?? null };
      });
      let status: WorkflowStatus = 'STOPPED';
      let statusLabel = 'STOPPED';
      let note: string | null = this.notes.get(key) ?? null;
      let startedAtMs: number | null = null;
      if (gen) {
        note = null;
        const fresh = sourceStatuses.filter((s) => s.state !== null && gen.sources.includes(s.source));
        if (fresh.length === 0) {
          status = 'PENDING';
          statusLabel = 'PENDING';
        } else {
          const worst = fresh.reduce((a, b) => ((STATE_RANK[b.state!] ?? -1) > (STATE_RANK[a.state!] ?? -1) ? b : a));
          status = worst.state === 'error' ? 'ERROR' : worst.state === 'warning' || worst.state === 'pending_context' ? 'WARNING' : worst.state === 'stopped' ? 'STOPPED' : 'ACTIVE';
          statusLabel = jobStateLabel(worst.state!);
        }
        for (const s of gen.sources) {
          const st = this.statuses.get(`${s}/${gen.jobNumber}`)?.status.startTime;
          if (st != null) {
            const ms = Number(st / 1_000_000n);
            if (startedAtMs === null || ms < startedAtMs) startedAtMs = ms;
          }
        }
      } else if (restored && this.restoreGraceLeft()) {
        status = 'PENDING';
        statusLabel = 'PENDING';
        note = 'Recorded as running: waiting for its heartbeat';
      } else if (restored) {
        note = 'Recorded as running but not seen in backend heartbeats';
      }
      return {
        id: key,
        title: w.title,
        group: w.group,
        description: w.description,
        sources: w.sources,
        outputs: w.outputs.map((o) => ({ name: o.name, title: o.title })),
        status,
        statusLabel,
        note,
        activeSources: gen ? [...gen.sources] : restored ? [...restored.sources] : [],
        jobNumber: gen?.jobNumber ?? restored?.jobNumber ?? null,
        sourceStatuses,
        startedAtMs,
        supportsReset: w.supportsReset,
        pendingCommand: pending,
      };
    });
  }

  private serviceViews(): ServiceView[] {
    const t = this.now();
    return [...this.services.values()]
      .map(({ status, receivedAt }): ServiceView => ({
        serviceId: status.serviceId,
        instrument: status.instrument,
        serviceName: status.serviceName,
        workerId: status.workerId,
        state: status.state,
        stale: status.state !== 'stopped' && t - receivedAt > SERVICE_STALE_MS,
        activeJobCount: status.activeJobCount,
        lastSeenMs: receivedAt,
        error: status.error,
        version: status.version ?? null,
        startedAtMs: status.startedAt != null ? Number(status.startedAt / 1_000_000n) : null,
        batchIntervalS: status.batchIntervalS ?? null,
        streamStats: status.streamStats
          ? { windowSeconds: status.streamStats.windowSeconds, streams: status.streamStats.streams.map((s) => ({ ...s })) }
          : null,
      }))
      .sort((a, b) => a.serviceId.localeCompare(b.serviceId));
  }

  private beginGeneration(workflowId: string, gen: Generation): void {
    const previous = this.current.get(workflowId);
    if (previous) this.retired.set(previous.jobNumber, this.now());
    this.current.set(workflowId, gen);
    this.notes.delete(workflowId);
    this.events.cleared(workflowId);
    this.events.started(workflowId);
    this.changed();
  }

  private async sendJobCommands(workflow: WorkflowSpec, gen: Generation, action: 'stop' | 'reset'): Promise<void> {
    const messageId = randomUUID();
    // The backend answers a job command with device "<source>/<job_number>".
    this.commands.track(messageId, { action, workflowId: workflowKey(workflow.id), workflowTitle: workflow.title, jobNumber: gen.jobNumber, devices: gen.sources.map((s) => `${s}/${gen.jobNumber}`) });
    this.changed();
    const failures = (await Promise.all(gen.sources.map((sourceName) => this.send({ kind: 'job_command', messageId, jobId: { sourceName, jobNumber: gen.jobNumber }, action }))))
      .filter((e): e is string => e !== null);
    if (failures.length === 0) return;
    this.notifications.push('error', `Could not send the ${action} of '${workflow.title}' for ${failures.length}/${gen.sources.length} sources: ${failures[0]}`);
    // A command that never left cannot be answered: no timeout toast on top of this one.
    if (failures.length === gen.sources.length) {
      this.commands.forget(messageId);
      this.changed();
    }
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
    if (!w) throw new CommandRefused(`unknown workflow ${workflowId}`);
    return w;
  }

  /**
   * Bumps the version only when what sessions would see changed (heartbeats are frequent);
   * service last-seen times count in 5 s steps so their ages stay current without churn.
   */
  private refresh(): void {
    const signature = JSON.stringify([
      this.workflowViews().map((w) => [w.status, w.statusLabel, w.note, w.jobNumber, w.activeSources, w.sourceStatuses, w.startedAtMs, w.pendingCommand]),
      this.serviceViews().map((s) => [s.serviceId, s.state, s.stale, s.activeJobCount, s.error, s.version, s.batchIntervalS, s.streamStats, Math.floor(s.lastSeenMs / 5000)]),
    ]);
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

