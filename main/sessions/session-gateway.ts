// The one API sessions call (docs/architecture.md, "Sessions"). Sessions never receive pushed
// state: they say which versions they have and get only what is newer. A wake hint, without
// data, may shorten the wait before their next poll.
import type { LayerPlot, LayerStatus, OpenResult, PollResult } from '../../shared/protocol';
import type {
  CloseRequest, CommandRequest, CommandResult, LogRequest, OpenRequest, PollRequest, QueryRequest, QueryResult, Seen, SessionApi,
} from '../../shared/session-api';
import { emptySeen } from '../../shared/session-api';
import type { SectionName, SectionUpdates } from '../../shared/api/sections';
import type { Logger } from '../logging/logger';
import type { LayerStore } from '../plots/layer-store';
import type { PlotOrchestrator } from '../plots/plot-orchestrator';
import type { NotificationQueue } from './notification-queue';
import type { SessionRegistry } from './session-registry';
import type { SectionSource } from './section-source';
import type { CommandRouter } from './command-router';
import { LogRateLimiter } from './log-rate-limiter';

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
  sections: SectionSource[];
  router: CommandRouter;
  logger: Logger;
}

export class SessionGateway implements SessionApi {
  private readonly wakeListeners = new Set<() => void>();
  private wakeScheduled = false;
  private readonly sections = new Map<SectionName, SectionSource>();
  private readonly logLimiter = new LogRateLimiter();

  constructor(private readonly deps: GatewayDeps) {
    const wake = () => this.wake();
    deps.notifications.onPush(wake);
    deps.plots.onChange(wake);
    deps.layers.onChange(wake);
    deps.registry.onChange(wake);
    deps.registry.onRemoved((id) => this.logLimiter.forget(id));
    for (const s of deps.sections) this.addSection(s);
  }

  /** Adds a shared section (the core registers each once, before sessions open). */
  addSection(source: SectionSource): void {
    if (this.sections.has(source.name)) throw new Error(`section ${source.name} registered twice`);
    this.sections.set(source.name, source);
    source.onChange?.(() => this.wake());
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
    const session = this.session(req.sessionId);
    try {
      const value = await this.deps.router.command(req.command, { sessionId: session.id, client: session.client });
      return { ok: true, error: null, value };
    } catch (err) {
      // The outcome of a refused command belongs to the window that asked: no shared notification.
      const message = err instanceof Error ? err.message : String(err);
      this.deps.logger.warn('command refused', { session: req.sessionId, command: req.command.type, error: message });
      return { ok: false, error: message, value: null };
    }
  }

  async query(req: QueryRequest): Promise<QueryResult> {
    const session = this.session(req.sessionId);
    try {
      const value = await this.deps.router.query(req.query, { sessionId: session.id, client: session.client });
      return { ok: true, error: null, value };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err), value: null };
    }
  }

  async close(req: CloseRequest): Promise<void> {
    if (this.deps.registry.close(req.sessionId)) {
      this.deps.logger.info('session closed', { session: req.sessionId, sessions: this.deps.registry.count });
    }
  }

  /** Renderer log lines: only from a live session, and rate-limited so no window can flood the log. */
  async log(req: LogRequest): Promise<void> {
    if (!this.deps.registry.has(req.sessionId)) throw new UnknownSessionError(req.sessionId);
    const verdict = this.logLimiter.admit(req.sessionId);
    if (verdict.suppressed > 0) {
      this.deps.logger.warn('renderer log lines suppressed (rate limit)', { session: req.sessionId, suppressed: verdict.suppressed });
    }
    if (verdict.admit) this.deps.logger.log(req.level, `renderer: ${req.message}`, { session: req.sessionId });
  }

  /** A session ended (closed, or reaped after its timeout): carriers drop their bookkeeping of it. */
  onSessionRemoved(listener: (sessionId: string) => void): () => void {
    return this.deps.registry.onRemoved((id) => listener(id));
  }

  /** Number of live sessions (for carriers' limits and the fault suite). */
  get sessionCount(): number {
    return this.deps.registry.count;
  }

  /** Registers a listener for the data-free wake hint (coalesced to one per event-loop turn). */
  onWake(listener: () => void): () => void {
    this.wakeListeners.add(listener);
    return () => this.wakeListeners.delete(listener);
  }

  private session(id: string) {
    if (!this.deps.registry.touch(id)) throw new UnknownSessionError(id);
    const record = this.deps.registry.get(id);
    if (!record) throw new UnknownSessionError(id);
    return record;
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
    const { plots, layers, notifications, registry } = this.deps;
    const shown = new Set(seen.shown);
    const layerStatuses: LayerStatus[] = [];
    const layerPlots: LayerPlot[] = [];
    const clearedPlots: { layerId: string; dataVersion: number }[] = [];
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
      // A blanked plot (restart) reaches every session that holds an older one, shown or not.
      if (!layer.plot && had !== undefined && had.data >= 0 && had.data !== layer.dataVersion) {
        clearedPlots.push({ layerId: layer.id, dataVersion: layer.dataVersion });
      }
    }
    const sections: SectionUpdates = {};
    for (const source of this.sections.values()) {
      const version = source.version();
      if (seen.sections[source.name] !== version) {
        (sections as Record<string, unknown>)[source.name] = { version, view: source.view() };
      }
    }
    const { events, cursor } = notifications.since(seen.cursor);
    return {
      topology: seen.topology !== plots.topologyVersion ? plots.topology() : null,
      layers: layerStatuses,
      plots: layerPlots,
      clearedPlots,
      removedLayers: Object.keys(seen.layers).filter((id) => !present.has(id)),
      sections,
      notifications: events,
      cursor,
      sessionCount: registry.count,
    };
  }
}
