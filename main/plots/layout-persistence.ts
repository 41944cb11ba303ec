// Keeps layout.yaml in step with the layout: loads it at start (the backup when the file is
// unusable, the default layout only when neither can be used), and writes it a moment after
// an edit — only when the persisted form actually changed, so a start that changes nothing
// writes nothing. Entries this build cannot use are part of the persisted form verbatim.
import YAML from 'yaml';
import type { NotificationLevel } from '../../shared/protocol';
import type { ConfigFile } from '../config/config-file';
import type { Logger } from '../logging/logger';
import type { LayoutFileSchema, LayoutFile } from './layout';
import type { PlotOrchestrator } from './plot-orchestrator';

export const LAYOUT_SAVE_DEBOUNCE_MS = 1000;

export interface LayoutPersistenceDeps {
  /** null: nothing on disk (tests, no config folder). */
  file: ConfigFile<typeof LayoutFileSchema> | null;
  plots: PlotOrchestrator;
  /** Builds the layout a new user sees (first start, or nothing usable on disk). */
  applyDefault(): void;
  notify(level: NotificationLevel, message: string): void;
  logger: Logger;
  debounceMs?: number;
}

export class LayoutPersistence {
  private timer: NodeJS.Timeout | null = null;
  /** The persisted form last read or written: a save is skipped while the layout matches it. */
  private lastText: string | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: LayoutPersistenceDeps) {}

  /** Loads the layout and starts following edits. */
  start(): void {
    this.load();
    this.unsubscribe = this.deps.plots.onChange(() => this.schedule());
  }

  /** Writes any pending edit now and stops following edits. */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.flush();
  }

  /** Writes the layout now if it changed since it was last read or written. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const { file, plots, logger } = this.deps;
    if (!file) return;
    const layout = plots.serialize();
    const text = YAML.stringify(layout);
    if (text === this.lastText) return;
    try {
      file.save(layout);
      this.lastText = text;
    } catch (err) {
      logger.error('saving the layout failed', { file: file.filePath, error: String(err) });
    }
  }

  private schedule(): void {
    if (!this.deps.file || this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.deps.debounceMs ?? LAYOUT_SAVE_DEBOUNCE_MS);
  }

  private load(): void {
    const { file, plots, logger, notify } = this.deps;
    let loaded: ReturnType<NonNullable<typeof file>['load']> | { kind: 'missing' } = { kind: 'missing' };
    try {
      loaded = file?.load() ?? { kind: 'missing' };
    } catch (err) {
      // Unreadable (permissions): keep the file untouched and work from the defaults in memory.
      logger.error('layout file unreadable', { file: file?.filePath, error: String(err) });
      notify('error', `Layout file could not be read (${String(err)}). Using the default layout; the file is left untouched.`);
      this.deps.applyDefault();
      this.lastText = YAML.stringify(plots.serialize());
      return;
    }
    if (loaded.kind === 'loaded' || loaded.kind === 'recovered') {
      if (loaded.kind === 'recovered') {
        logger.error('layout file unusable; loaded its backup', { problem: loaded.problem, movedTo: loaded.movedTo });
        const where = loaded.movedTo ? `; moved to ${loaded.movedTo}` : '';
        notify('warning', `Layout file was unusable (${loaded.problem})${where}. Loaded the last good backup.`);
      }
      this.apply(loaded.value as LayoutFile);
      logger.info('layout loaded', { file: file?.filePath, grids: loaded.value.grids.length, from: loaded.kind === 'recovered' ? 'backup' : 'file' });
      this.lastText = YAML.stringify(plots.serialize());
      return;
    }
    if (loaded.kind === 'corrupt') {
      logger.error('layout file unusable; moved aside', { problem: loaded.problem, movedTo: loaded.movedTo });
      notify('error', `Layout file was unusable (${loaded.problem}); moved to ${loaded.movedTo}. No usable backup: using the default layout.`);
    }
    this.deps.applyDefault();
    // Nothing usable on disk: the default layout is written at once (a good backup is never
    // overwritten: there is none, or it would have been loaded).
    this.flush();
  }

  private apply(layout: LayoutFile): void {
    const { plots, logger, notify } = this.deps;
    const problems = plots.load(layout);
    if (problems.length === 0) return;
    for (const p of problems) logger.warn('layout entry unavailable; kept as written', { problem: p });
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    notify('warning', `${problems.length} layout ${problems.length === 1 ? 'entry is' : 'entries are'} unavailable and kept as written: ${problems[0]}${more}`);
  }
}
