// The seen-versions reducer: what a session reports as applied after applying a poll result.
// One implementation, used by the renderer's session updater and by the core's tests.
import type { PollResult } from './protocol';
import type { Seen } from './session-api';

/** Returns the versions `seen` advances to once `result` has been applied (pure; `shown` is kept). */
export function advanceSeen(seen: Seen, result: PollResult): Seen {
  const layers: Seen['layers'] = {};
  for (const [id, v] of Object.entries(seen.layers)) layers[id] = { ...v };
  let topology = seen.topology;
  if (result.topology) {
    topology = result.topology.version;
    const known = new Set<string>();
    for (const grid of result.topology.grids) {
      for (const cell of grid.cells) {
        for (const layer of cell.layers) {
          known.add(layer.id);
          layers[layer.id] ??= { state: -1, data: -1 };
        }
      }
    }
    for (const id of Object.keys(layers)) if (!known.has(id)) delete layers[id];
  }
  const sections = { ...seen.sections };
  for (const [name, update] of Object.entries(result.sections ?? {})) {
    if (update) sections[name as keyof typeof sections] = update.version;
  }
  for (const status of result.layers ?? []) (layers[status.layerId] ??= { state: -1, data: -1 }).state = status.version;
  for (const plot of result.plots ?? []) (layers[plot.layerId] ??= { state: -1, data: -1 }).data = plot.dataVersion;
  for (const c of result.clearedPlots ?? []) (layers[c.layerId] ??= { state: -1, data: -1 }).data = c.dataVersion;
  for (const id of result.removedLayers ?? []) delete layers[id];
  return {
    topology,
    sections,
    cursor: typeof result.cursor === 'number' ? result.cursor : seen.cursor,
    layers,
    shown: seen.shown,
  };
}
