// Plot states: the output of a plotter's shared compute stage, consumed by per-session
// presenters. Plain objects plus typed arrays so they cross IPC (structured clone) and the
// browser-mode WebSocket (binary frames) without becoming JSON number lists.

export interface AxisInfo {
  /** Dimension or coordinate name shown on the axis, e.g. "time_of_arrival". */
  label: string;
  unit: string | null;
}

/** A y axis of a line plot: one per unit, each labelled, with limits decided once in main. */
export interface YAxisInfo extends AxisInfo {
  min: number;
  max: number;
  log: boolean;
}

/** Custom tick counts (the reference's ticks.custom_xticks/xticks...), null = automatic. */
export interface TickCounts {
  x: number | null;
  y: number | null;
}

export interface LineSeries {
  /** Legend name, e.g. the source's display title. */
  name: string;
  /** Bin edges when x.length === y.length + 1, points otherwise. */
  x: Float64Array;
  y: Float64Array;
  /** Standard deviations of y, when the data carried errors. */
  stddev: Float64Array | null;
  /** Index into LinePlotState.yAxes (series with different units never share an axis). */
  axis?: number;
  /**
   * Time series only: these points are the history's points [from, total) of an append-only
   * history (LinePlotState.historyEpoch); a window keeps the history and appends the tail
   * instead of receiving the whole history with every update.
   */
  from?: number;
  total?: number;
}

export type LineMode = 'line' | 'points' | 'histogram';
export type ErrorDisplay = 'bars' | 'band' | 'none';

export interface LinePlotState {
  kind: 'line';
  title: string;
  x: AxisInfo & { log?: boolean };
  /** The first y axis (kept for simple consumers); all axes are in `yAxes`. */
  y: AxisInfo;
  yAxes?: YAxisInfo[];
  /** The x axis holds times in ms since the epoch (time-series plots). */
  xIsTime: boolean;
  series: LineSeries[];
  /** Shared y limits of the first axis (autoscale decided once in main so all windows agree). */
  yMin: number;
  yMax: number;
  mode?: LineMode;
  errors?: ErrorDisplay;
  ticks?: TickCounts;
  /** Bars plotter: one bar per series (its single value); horizontal when set. */
  bars?: { horizontal: boolean } | null;
  /**
   * Time series: identifies the history the series' tails extend (a new job or new params start
   * a new one). null/absent: the series are complete.
   */
  historyEpoch?: string | null;
  /** Time series display thinning (reference downsampling params), applied per window. */
  thinning?: { fineMs: number; recentMs: number; coarseMs: number } | null;
  /** Data time covered, ns since epoch as decimal strings (exact int64), for freshness display. */
  startTime: string | null;
  endTime: string | null;
}

/** A flattened axis decomposed back into its input dims (outer first), for the hover read-out. */
export interface FlatDim {
  name: string;
  size: number;
  unit: string | null;
  /** Coordinate value per index (bin centres), null: the index itself. */
  coords: Float64Array | null;
}

/** One image of an image plot (several sources side by side are several panels). */
export interface ImagePanel {
  title: string;
  /** `height` rows of `width` pixels; row 0 is the lowest y. */
  width: number;
  height: number;
  /**
   * Colour level per pixel (shared/colour-levels.ts): 0 masked (transparent), 1 "under" (≤ 0 on a
   * log scale), 2..255 along the scale. Decided once in main; this is what crosses to windows.
   */
  levels: Uint8Array;
  /**
   * Full-precision values: kept in main only and fetched on demand (`layer.values` query) for the
   * hover read-out and export. Absent on states received by windows.
   */
  values?: Float32Array;
  x: AxisInfo & { min: number; max: number };
  y: AxisInfo & { min: number; max: number };
  /** Flatten plotter: the dims combined into each axis (absent: a plain axis). */
  xDims?: FlatDim[];
  yDims?: FlatDim[];
}

export type AspectType = 'Square' | 'Equal' | 'Fixed plot aspect ratio' | 'Fixed data aspect ratio' | 'Free';

export interface ImageColour {
  min: number;
  max: number;
  unit: string | null;
  log: boolean;
  /** Colour map name (shared/plotter-params.ts COLOR_MAPS). */
  map?: string;
  /** Number of pixels at level 1 ("under": ≤ 0 on a log scale), explained in the colour bar. */
  under?: number;
}

export interface ImagePlotState {
  kind: 'image';
  title: string;
  /** Metadata mirrors of panels[0] (simple consumers: ROI overlays, tests); no arrays. */
  width: number;
  height: number;
  x: AxisInfo & { min: number; max: number };
  y: AxisInfo & { min: number; max: number };
  /** Every image (at least one); one colour range for all of them. */
  panels: ImagePanel[];
  /** overlay: panels drawn in one frame; layout: side by side in `columns` columns. */
  combine?: 'overlay' | 'layout';
  columns?: number;
  color: ImageColour;
  aspect?: { type: AspectType; ratio: number };
  ticks?: TickCounts;
  /**
   * 3-D slicer: the whole volume crosses as levels (one colour range decided in main for every
   * slice, so windows agree); each window picks its slice dimension and position.
   */
  volume?: SlicerVolume | null;
  startTime: string | null;
  endTime: string | null;
}

/** A 3-D volume as colour levels, for the slicer (dims outer first, row-major). */
export interface SlicerVolume {
  dims: { name: string; size: number; unit: string | null; coords: Float64Array }[];
  levels: Uint8Array;
}

/** One scalar per source (the table plotter). */
export interface TablePlotState {
  kind: 'table';
  title: string;
  rows: { name: string; value: number; stddev: number | null; unit: string | null }[];
  notation: 'auto' | 'scientific' | 'decimal' | 'compact';
  precision: number;
  startTime: string | null;
  endTime: string | null;
}

/** Static overlays (rectangles, vlines, hlines) from params alone. */
export interface OverlayPlotState {
  kind: 'overlay';
  title: string;
  shape: 'rectangles' | 'vlines' | 'hlines';
  /** rectangles: [x0, y0, x1, y1] each; lines: one position each. */
  items: number[][];
  style: { color: string; lineWidth: number; lineDash: string; alpha: number };
  startTime: null;
  endTime: null;
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

export type PlotState = LinePlotState | ImagePlotState | RoiPlotState | TablePlotState | OverlayPlotState;
export type PlotKind = PlotState['kind'];
