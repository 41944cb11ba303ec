// Poll results on the browser-mode wire leave out what is empty, so an idle answer is a few
// bytes; the renderer's WebSocket carrier puts the defaults back before anyone sees the result.
import type { PollResult } from '../protocol';

const EMPTY_LISTS = ['layers', 'plots', 'clearedPlots', 'removedLayers', 'notifications'] as const;

export function compactPollResult<T extends PollResult>(r: T): Partial<T> {
  const out: Partial<T> = { ...r };
  if (out.topology === null) delete out.topology;
  for (const k of EMPTY_LISTS) if (Array.isArray(out[k]) && (out[k] as unknown[]).length === 0) delete out[k];
  if (out.sections && Object.keys(out.sections).length === 0) delete out.sections;
  return out;
}

export function expandPollResult<T extends PollResult>(r: Partial<T>): T {
  return {
    ...r,
    topology: r.topology ?? null,
    layers: r.layers ?? [],
    plots: r.plots ?? [],
    clearedPlots: r.clearedPlots ?? [],
    removedLayers: r.removedLayers ?? [],
    sections: r.sections ?? {},
    notifications: r.notifications ?? [],
  } as T;
}
