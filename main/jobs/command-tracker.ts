// Pending-command tracking (the reference's PendingCommandTracker): one entry per message id
// with the devices whose acknowledgement is expected, a 30 s deadline, and one summary
// notification per command when every device answered or the deadline passed.
import type { NotificationQueue } from '../sessions/notification-queue';

export const PENDING_COMMAND_TIMEOUT_MS = 30_000;

export type CommandAction = 'start' | 'stop' | 'reset';

export interface PendingCommand {
  action: CommandAction;
  workflowId: string;
  workflowTitle: string;
  /** The job number the command concerns (a start's new generation). */
  jobNumber: string;
  expected: Set<string>;
  acked: string[];
  errors: string[];
  deadline: number;
}

/** How a command ended, for the orchestrator to return a card to the true state. */
export interface CommandOutcome {
  command: PendingCommand;
  timedOut: boolean;
}

const VERB = { start: ['Started', 'start'], stop: ['Stopped', 'stop'], reset: ['Reset', 'reset'] } as const;

export class CommandTracker {
  private readonly pending = new Map<string, PendingCommand>();

  constructor(
    private readonly notifications: NotificationQueue,
    private readonly now: () => number,
  ) {}

  track(messageId: string, command: Omit<PendingCommand, 'acked' | 'errors' | 'deadline' | 'expected'> & { devices: string[] }): void {
    const { devices, ...rest } = command;
    this.pending.set(messageId, { ...rest, expected: new Set(devices), acked: [], errors: [], deadline: this.now() + PENDING_COMMAND_TIMEOUT_MS });
  }

  /** The command never left: it cannot be answered, so no timeout notification on top of the send error. */
  forget(messageId: string): void {
    this.pending.delete(messageId);
  }

  clear(): void {
    this.pending.clear();
  }

  /** Returns the outcome when this acknowledgement completed its command; null otherwise (or not ours). */
  acknowledge(messageId: string, device: string, ok: boolean, message: string | null): CommandOutcome | null | 'counted' {
    const p = this.pending.get(messageId);
    if (!p || !p.expected.has(device)) return null; // other producers (NICOS, our own untracked stops) write commands too
    p.expected.delete(device);
    if (ok) p.acked.push(device);
    else p.errors.push(`${device}: ${message ?? 'error'}`);
    if (p.expected.size > 0) return 'counted';
    return this.finish(messageId, p, false);
  }

  /** Expires commands past their deadline. */
  expire(): CommandOutcome[] {
    const t = this.now();
    const out: CommandOutcome[] = [];
    for (const [id, p] of this.pending) if (t >= p.deadline) out.push(this.finish(id, p, true));
    return out;
  }

  /** The action awaiting acknowledgement for a workflow, if any. */
  pendingFor(workflowId: string): CommandAction | null {
    for (const p of this.pending.values()) if (p.workflowId === workflowId) return p.action;
    return null;
  }

  private finish(messageId: string, p: PendingCommand, timedOut: boolean): CommandOutcome {
    this.pending.delete(messageId);
    const total = p.acked.length + p.errors.length + p.expected.size;
    const [past, verb] = VERB[p.action];
    if (p.acked.length > 0) this.notifications.push('success', `${past} ${p.acked.length}/${total} jobs for '${p.workflowTitle}'`);
    if (p.errors.length > 0) this.notifications.push('error', `Failed to ${verb} ${p.errors.length}/${total} jobs for '${p.workflowTitle}': ${p.errors.join('; ')}`);
    if (timedOut && p.expected.size > 0) {
      this.notifications.push('error', `Failed to ${verb} ${p.expected.size}/${total} jobs for '${p.workflowTitle}': no response from backend (timed out after ${PENDING_COMMAND_TIMEOUT_MS / 1000}s)`);
    }
    return { command: p, timedOut };
  }
}
