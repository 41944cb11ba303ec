// The one API sessions call (docs/architecture.md, "Sessions"). Sessions never receive pushed
// state: they say which versions they have and get only what is newer. A wake hint, without
// data, may shorten the wait before their next poll.
import type { LayerPlot, LayerStatus, OpenResult, PollResult } from '../../shared/protocol';
import type {
  CloseRequest, CommandRequest, CommandResult, LogRequest, OpenRequest, PollRequest, QueryRequest, QueryResult, Seen, SessionApi,
} from '../../shared/session-api';
import { emptySeen } from '../../shared/session-api';
import { advanceSeen } from '../../shared/seen';
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

/** What a wake reaches: the sessions with something new, or null for every session. */
export type WakeListener = (sessions: ReadonlySet<string> | null) => void;

/** Per session: the versions each recent result brought it to, so a poll can name a result by its seq. */
interface PollBook {
  nextSeq: number;
  /** Newest last; a few, because a poll may acknowledge a result before the latest (lost answer). */
  results: { seq: number; seen: Seen }[];
  shown: string[];
  /** The session count last sent (the status bar shows it). */
  sessionCount: number;
}

const REMEMBERED_RESULTS = 4;

export class SessionGateway implements SessionApi {
  private readonly wakeListeners = new Set<WakeListener>();
  private readonly books = new Map<string, PollBook>();
  private wakeScheduled = false;
  private readonly sections = new Map<SectionName, SectionSource>();
  private readonly logLimiter = new LogRateLimiter();

  constructor(private readonly deps: GatewayDeps) {
    const wake = () => this.wake();
    deps.notifications.onPush(wake);
    deps.plots.onChange(wake);
    deps.layers.onChange(wake);
    deps.registry.onChange(wake);
    deps.registry.onRemoved((id) => {
      this.logLimiter.forget(id);
      this.books.delete(id);
      this.shownChanged();
    });
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
    const book: PollBook = { nextSeq: 1, results: [], shown: [], sessionCount: -1 };
    this.books.set(session.id, book);
    // A new session starts at the end of the notification queue: no replay of old toasts.
    const result = this.answer(book, { ...emptySeen(), cursor: this.deps.notifications.end });
    return { sessionId: session.id, ...result };
  }

  /** `skipPlots`: this answer carries no plot data (a carrier whose client is behind); the next one brings the latest. */
  async poll(req: PollRequest, opts: { skipPlots?: boolean } = {}): Promise<PollResult> {
    if (!this.deps.registry.touch(req.sessionId)) throw new UnknownSessionError(req.sessionId);
    let book = this.books.get(req.sessionId);
    if (!book) this.books.set(req.sessionId, (book = { nextSeq: 1, results: [], shown: [], sessionCount: -1 }));
    if (req.shown) book.shown = req.shown;
    let base: Seen;
    if (req.seen) {
      base = req.seen;
      book.shown = req.seen.shown;
    } else {
      const known = book.results.find((r) => r.seq === req.applied);
      // An acknowledgement we no longer know (e.g. after a core restart): everything again,
      // but no old toasts (from the oldest cursor we know, or the queue's end).
      base = known ? known.seen : { ...emptySeen(), cursor: book.results[0]?.seen.cursor ?? this.deps.notifications.end };
    }
    if (req.shown || req.seen) this.shownChanged();
    return this.answer(book, { ...base, shown: opts.skipPlots ? [] : book.shown });
  }

  /** Tells the plot side which layers some session shows (it computes hidden ones only when shown). */
  private shownChanged(): void {
    const union = new Set<string>();
    for (const b of this.books.values()) for (const id of b.shown) union.add(id);
    const last = this.shownUnion;
    if (last && last.size === union.size && [...union].every((id) => last.has(id))) return;
    this.shownUnion = union;
    this.deps.plots.setShown(union);
  }
  private shownUnion: ReadonlySet<string> | null = null;

  private answer(book: PollBook, base: Seen): PollResult {
    const seq = book.nextSeq++;
    const result = { ...this.collect(base), seq };
    book.sessionCount = result.sessionCount;
    // What the session will have once it applies this; `shown` stays the session's own.
    book.results.push({ seq, seen: { ...advanceSeen(base, result), shown: book.shown } });
    if (book.results.length > REMEMBERED_RESULTS) book.results.shift();
    return result;
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

  /**
   * Registers a listener for the data-free wake hint (coalesced to one per event-loop turn). It
   * is told which sessions have something new, so carriers wake only those.
   */
  onWake(listener: WakeListener): () => void {
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
      if (this.wakeListeners.size === 0) return;
      const sessions = this.sessionsWithNews();
      if (sessions.size === 0) return;
      for (const l of this.wakeListeners) {
        // A carrier that fails to deliver a hint (a closing window) must not take main down.
        try {
          l(sessions);
        } catch (err) {
          this.deps.logger.warn('wake hint delivery failed', { error: String(err) });
        }
      }
    });
  }

  /** Sessions for which a poll now would bring something (those never polled count as such). */
  private sessionsWithNews(): Set<string> {
    const out = new Set<string>();
    const count = this.deps.registry.count;
    for (const { id } of this.deps.registry.list()) {
      const book = this.books.get(id);
      const last = book?.results.at(-1);
      if (!book || !last || book.sessionCount !== count || hasContent(this.collect(last.seen))) out.add(id);
    }
    return out;
  }

  private collect(seen: Seen): Omit<PollResult, 'seq'> {
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

/** Whether a poll result brings anything beyond the session count. */
function hasContent(r: Omit<PollResult, 'seq'>): boolean {
  return r.topology !== null || r.layers.length > 0 || r.plots.length > 0 || (r.clearedPlots?.length ?? 0) > 0 ||
    r.removedLayers.length > 0 || Object.keys(r.sections).length > 0 || r.notifications.length > 0;
}
