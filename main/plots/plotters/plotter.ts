// The shared compute stage: a plotter turns the stored data of its layer into a plot state, once
// per data update whatever the number of windows. Anything all windows must agree on (axis
// limits, colour range, colour levels) is decided here.
import type { JsonObject } from '../../../shared/json';
import type { PlotState } from '../../../shared/plot-state';
import type { Temporality } from '../../../shared/catalogue';
import type { DataArray } from '../../../shared/wire/data-array';
import type { LayerQuery } from '../../../shared/api/layer-queries';

export interface PlotterInput {
  sourceName: string;
  data: DataArray;
}

export interface Plotter {
  /** Throws a PlotError when the data does not fit the plotter. */
  compute(inputs: PlotterInput[]): PlotState;
  /**
   * Answers a `layer.*` query about the latest state (full-precision values, whole histories),
   * which windows fetch on demand instead of receiving with every update.
   */
  query?(q: LayerQuery, latest: PlotState | null): unknown;
}

export class PlotError extends Error {
  override name = 'PlotError';
}

/** Display titles from the catalogue, so axes and legends say what users read elsewhere. */
export interface PlotLabels {
  /** Source name → display title. */
  sources?: Record<string, string>;
  /** The output's display title (y axis / colour bar label). */
  output?: string;
  /** Dim name → display label (axis titles). */
  dims?: Record<string, string>;
}

export interface PlotterContext {
  title: string;
  params: JsonObject;
  labels?: PlotLabels;
  /** How the output evolves (decides whether "since run start" accumulates). */
  temporality?: Temporality;
}

/** The display title of a source (its name when the catalogue has none). */
export function sourceTitle(ctx: PlotterContext, name: string): string {
  return ctx.labels?.sources?.[name] ?? name;
}
