// The one API sessions call (design §4). Sessions never receive pushed state: they say which
// versions they have and get only what is newer. A wake hint, without data, may shorten the
// wait before their next poll.
import type {
  CloseRequest, CommandRequest, CommandResult, ConnectionView, LayerPlot, LayerStatus, LogRequest,
  OpenRequest, OpenResult, PollRequest, PollResult, Seen, SessionApi,
} from '../../shared/protocol';
import { emptySeen } from '../../shared/protocol';
import type { Logger } from '../logging/logger';
import type { JobOrchestrator } from '../jobs/job-orchestrator';
import type { LayerStore } from '../plots/layer-store';
import type { PlotOrchestrator } from '../plots/plot-orchestrator';
import type { NotificationQueue } from './notification-queue';
import type { SessionRegistry } from './session-registry';

export class UnknownSessionError extends Error {
  override name = 'UnknownSessionError';
  constructor(id: string) {
    super(`unknown session ${id} (closed, or timed out)`);
  }
}

export interface GatewayDeps {
  registry: SessionRegistry;
  notifications: NotificationQueue;
  plots: PlotOrchestrator;
  layers: LayerStore;
  jobs: JobOrchestrator;
  /** Version of the connection view: sessions that have it get nothing (the view is built per poll otherwise). */
  connectionVersion: () => number;
  connection: () => ConnectionView;
  logger: Logger;
}

export class SessionGateway implements SessionApi {
  private readonly wakeListeners = new Set<() => void>();
  private wakeScheduled = false;

  constructor(private readonly deps: GatewayDeps) {
    const wake = () => this.wake();
    deps.notifications.onPush(wake);
    deps.plots.onChange(wake);
    deps.layers.onChange(wake);
    deps.jobs.onChange(wake);
    deps.registry.onChange(wake);
  }

  async open(req: OpenRequest): Promise<OpenResult> {
    const session = this.deps.registry.open(req.client);
    this.deps.logger.info('session opened', { session: session.id, client: req.client, sessions: this.deps.registry.count });
    // A new session starts at the end of the notification queue: no replay of old toasts.
    const result = this.collect({ ...emptySeen(), cursor: this.deps.notifications.end });
    return { sessionId: session.id, ...result };
  }

  async poll(req: PollRequest): Promise<PollResult> {
    if (!this.deps.registry.touch(req.sessionId)) throw new UnknownSessionError(req.sessionId);
    return this.collect(req.seen);
  }

  async command(req: CommandRequest): Promise<CommandResult> {
    if (!this.deps.registry.touch(req.sessionId)) throw new UnknownSessionError(req.sessionId);
    const { command } = req;
    try {
      switch (command.type) {
        case 'workflow.start':
          await this.deps.jobs.start(command.workflowId);
          break;
        case 'workflow.stop':
          await this.deps.jobs.stop(command.workflowId);
          break;
        case 'workflow.reset':
          await this.deps.jobs.reset(command.workflowId);
          break;
      }
      return { ok: true, error: null };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.deps.logger.warn('command refused', { session: req.sessionId, command: command.type, error: message });
      this.deps.notifications.push('error', message);
      return { ok: false, error: message };
    }
  }

  async close(req: CloseRequest): Promise<void> {
    if (this.deps.registry.close(req.sessionId)) {
      this.deps.logger.info('session closed', { session: req.sessionId, sessions: this.deps.registry.count });
    }
  }

  async log(req: LogRequest): Promise<void> {
    this.deps.logger.log(req.level, `renderer: ${req.message}`, { session: req.sessionId });
  }

  /** Registers a listener for the data-free wake hint (coalesced to one per event-loop turn). */
  onWake(listener: () => void): () => void {
    this.wakeListeners.add(listener);
    return () => this.wakeListeners.delete(listener);
  }

  private wake(): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      for (const l of this.wakeListeners) {
        // A carrier that fails to deliver a hint (a closing window) must not take main down.
        try {
          l();
        } catch (err) {
          this.deps.logger.warn('wake hint delivery failed', { error: String(err) });
        }
      }
    });
  }

  private collect(seen: Seen): PollResult {
    const { plots, layers, jobs, notifications, registry } = this.deps;
    const shown = new Set(seen.shown);
    const layerStatuses: LayerStatus[] = [];
    const layerPlots: LayerPlot[] = [];
    const present = new Set<string>();
    for (const layer of layers.all()) {
      present.add(layer.id);
      const had = seen.layers[layer.id];
      if (had?.state !== layer.snapshot.version) {
        layerStatuses.push({ layerId: layer.id, version: layer.snapshot.version, state: layer.snapshot.state, message: layer.snapshot.message });
      }
      // One plot per layer, the latest, never a backlog; only for layers this session shows.
      if (layer.plot && shown.has(layer.id) && had?.data !== layer.dataVersion) {
        layerPlots.push({ layerId: layer.id, dataVersion: layer.dataVersion, plot: layer.plot });
      }
    }
    const { events, cursor } = notifications.since(seen.cursor);
    return {
      topology: seen.topology !== plots.topologyVersion ? plots.topology() : null,
      layers: layerStatuses,
      plots: layerPlots,
      removedLayers: Object.keys(seen.layers).filter((id) => !present.has(id)),
      jobs: seen.jobs !== jobs.jobsVersion ? jobs.snapshot() : null,
      connection: seen.connection !== this.deps.connectionVersion() ? this.deps.connection() : null,
      notifications: events,
      cursor,
      sessionCount: registry.count,
    };
  }
}
