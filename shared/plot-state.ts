// Plot states: the output of a plotter's shared compute stage, consumed by per-session
// presenters. Plain objects plus typed arrays so they cross IPC (structured clone) and the
// browser-mode WebSocket (binary frames) without becoming JSON number lists.

export interface AxisInfo {
  /** Dimension or coordinate name shown on the axis, e.g. "time_of_arrival". */
  label: string;
  unit: string | null;
}

export interface LineSeries {
  /** Legend name, e.g. the source name. */
  name: string;
  /** Bin edges when x.length === y.length + 1, points otherwise. */
  x: Float64Array;
  y: Float64Array;
  /** Standard deviations of y, when the data carried errors. */
  stddev: Float64Array | null;
}

export interface LinePlotState {
  kind: 'line';
  title: string;
  x: AxisInfo;
  y: AxisInfo;
  /** The x axis holds times in ms since the epoch (time-series plots). */
  xIsTime: boolean;
  series: LineSeries[];
  /** Shared y limits (autoscale decided once in main so all windows agree). */
  yMin: number;
  yMax: number;
  /** Data time covered, ns since epoch as decimal strings (exact int64), for freshness display. */
  startTime: string | null;
  endTime: string | null;
}

export interface ImagePlotState {
  kind: 'image';
  title: string;
  /** Row-major values, `height` rows of `width` pixels; row 0 is the lowest y. NaN = masked. */
  width: number;
  height: number;
  values: Float32Array;
  x: AxisInfo & { min: number; max: number };
  y: AxisInfo & { min: number; max: number };
  color: { min: number; max: number; unit: string | null; log: boolean };
  /**
   * Colour level per pixel (same order as values): 0 = no colour, 1..255 along the scale.
   * Computed once in main (shared/colour-levels.ts) so windows only look colours up.
   */
  levels: Uint8Array | null;
  startTime: string | null;
  endTime: string | null;
}

/** One ROI: rectangles carry x = [min, max], y = [min, max]; polygons their vertices. */
export interface RoiShape {
  /** The ROI index on the wire (rectangles 0–3, polygons 4–7); colours follow it. */
  index: number;
  x: number[];
  y: number[];
}

/**
 * ROI overlay (main/plots/roi-plotters.ts): what the backend applied (`readback`) or what the
 * user drew (`request`, from the layer's params). Drawn over the cell's image by the renderer.
 */
export interface RoiPlotState {
  kind: 'roi';
  title: string;
  role: 'readback' | 'request';
  geometry: 'rectangle' | 'polygon';
  sourceName: string;
  shapes: RoiShape[];
  /** Units of the plot axes the coordinates are in (null: pixel indices). */
  xUnit: string | null;
  yUnit: string | null;
  startTime: string | null;
  endTime: string | null;
}

export type PlotState = LinePlotState | ImagePlotState | RoiPlotState;
export type PlotKind = PlotState['kind'];
