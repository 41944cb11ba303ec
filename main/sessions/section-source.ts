// A piece of shared state that sessions pull: one writer, a version that only grows, and a
// view built only for sessions whose version is behind.
import type { SectionName, SectionViews } from '../../shared/api/sections';

export interface SectionSource<K extends SectionName = SectionName> {
  name: K;
  version(): number;
  view(): SectionViews[K];
  /** Called when the version moved, so sessions are woken (optional: polled anyway). */
  onChange?(listener: () => void): () => void;
}

/** A section whose view never changes during a run (e.g. the catalogue). */
export function staticSection<K extends SectionName>(name: K, view: SectionViews[K]): SectionSource<K> {
  return { name, version: () => 1, view: () => view };
}
