import type { PollResult, Seen } from '../../shared/protocol';

/** The versions a session sends after applying `r` on top of `seen` (what the renderer's updater does). */
export function applyPoll(seen: Seen, r: PollResult, shown: string[]): Seen {
  const layers = { ...seen.layers };
  for (const l of r.layers) layers[l.layerId] = { state: l.version, data: layers[l.layerId]?.data ?? -1 };
  for (const p of r.plots) layers[p.layerId] = { ...layers[p.layerId], data: p.dataVersion };
  for (const id of r.removedLayers) delete layers[id];
  return {
    topology: r.topology?.version ?? seen.topology,
    jobs: r.jobs?.version ?? seen.jobs,
    connection: r.connection?.version ?? seen.connection,
    cursor: r.cursor,
    layers,
    shown,
  };
}
