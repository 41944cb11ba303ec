// The shared compute stage (design §6): a plotter turns the stored data of its layer into a
// plot state, once per data update whatever the number of windows. Anything all windows
// must agree on (axis limits, colour range) is decided here.
import type { JsonObject } from '../../../shared/json';
import type { PlotState } from '../../../shared/plot-state';
import type { DataArray } from '../../../shared/wire/data-array';

export interface PlotterInput {
  sourceName: string;
  data: DataArray;
}

export interface Plotter {
  /** Throws a PlotError when the data does not fit the plotter. */
  compute(inputs: PlotterInput[]): PlotState;
}

export class PlotError extends Error {
  override name = 'PlotError';
}

export interface PlotterContext {
  title: string;
  params: JsonObject;
}
