// Every plotter's registry entry: title, description, DataRequirements (as the reference's
// plotter_registry.py registers them) and its parameter schema, keyed exactly as the
// reference's plot_params.py models serialise (layout.combine_mode, plot_scale.color_scale,
// time_window.mode, ...), so grid templates and saved layouts round-trip. Importing this module
// fills shared/plotters.ts' registry (main and the renderer both import it once).
import type { ParamField, ParamGroup, ParamSchema } from './params';
import { registerPlotter, type PlotterInfo, type PlotterName } from './plotters';

// ---- field builders -----------------------------------------------------------------------

type Opt = { value: string | number; title?: string };
const num = (key: string, title: string, def: number | null, extra: Partial<Extract<ParamField, { kind: 'number' }>> = {}): ParamField =>
  ({ kind: 'number', key, title, default: def, integer: false, exclusiveMin: false, exclusiveMax: false, nullable: false, ...extra }) as ParamField;
const int = (key: string, title: string, def: number, min: number, max: number, description?: string): ParamField =>
  num(key, title, def, { integer: true, min, max, description });
const bool = (key: string, title: string, def: boolean, description?: string): ParamField => ({ kind: 'bool', key, title, default: def, description });
const choice = (key: string, title: string, options: (string | Opt)[], def: string, description?: string): ParamField => ({
  kind: 'enum', key, title, default: def, description,
  options: options.map((o) => (typeof o === 'string' ? { value: o } : o)),
});
const str = (key: string, title: string, def: string | null, extra: Partial<Extract<ParamField, { kind: 'string' }>> = {}): ParamField =>
  ({ kind: 'string', key, title, default: def, maxLength: 2000, nullable: def === null, ...extra }) as ParamField;
const group = (key: string, title: string, fields: ParamField[], extra: Partial<ParamGroup> = {}): ParamGroup => ({ kind: 'group', key, title, fields, ...extra });

// ---- the reference's parameter models (plot_params.py) ------------------------------------

const SCALE = [{ value: 'linear', title: 'Linear' }, { value: 'log', title: 'Log' }];

export const layoutGroup = group('layout', 'Layout', [
  choice('combine_mode', 'Combine Mode', [{ value: 'overlay', title: 'Overlay' }, { value: 'layout', title: 'Side by side' }], 'overlay',
    'How to combine multiple datasets: overlay or layout.'),
  int('layout_columns', 'Layout Columns', 2, 1, 5, 'Number of columns to use when combining plots in layout mode.'),
]);

export const ASPECT_TYPES = ['Square', 'Equal', 'Fixed plot aspect ratio', 'Fixed data aspect ratio', 'Free'] as const;
export const aspectGroup = group('plot_aspect', 'Aspect', [
  choice('aspect_type', 'Aspect Type', [...ASPECT_TYPES], 'Free', 'Aspect type for the plot.'),
  num('ratio', 'Aspect Ratio', 1.0, { min: 0.1, max: 10, description: "Aspect ratio (width/height) for 'Fixed plot/data aspect ratio'." }),
]);

export const ticksGroup = group('ticks', 'Ticks', [
  bool('custom_xticks', 'Custom X Ticks', false, 'Enable custom x-axis tick count instead of automatic.'),
  int('xticks', 'X Ticks', 5, 2, 20, 'Number of ticks on x-axis (when custom ticks enabled).'),
  bool('custom_yticks', 'Custom Y Ticks', false, 'Enable custom y-axis tick count instead of automatic.'),
  int('yticks', 'Y Ticks', 5, 2, 20, 'Number of ticks on y-axis (when custom ticks enabled).'),
]);

const scale1dFields = (): ParamField[] => [
  choice('x_scale', 'X Axis Scale', SCALE, 'linear', 'Scale for x-axis'),
  choice('y_scale', 'Y Axis Scale', SCALE, 'linear', 'Scale for y-axis'),
];
export const scale1dGroup = group('plot_scale', 'Scale', scale1dFields());
export const scale2dGroup = group('plot_scale', 'Scale', [
  ...scale1dFields(),
  choice('color_scale', 'Color Axis Scale', SCALE, 'log', 'Scale for color axis'),
  bool('manual_color_limits', 'Manual Color Limits', false, 'Use fixed color limits below instead of autoscaling to the data.'),
  num('color_min', 'Color Min', 0.0, { description: 'Lower color limit (used only when manual color limits are on).' }),
  num('color_max', 'Color Max', 1.0, { description: 'Upper color limit (used only when manual color limits are on).' }),
], {
  // The log rule applies only with manual limits on (see checkManualColourLimits).
  checks: [{ kind: 'less', a: 'color_min', b: 'color_max', orEqual: false, message: 'Color Max must be greater than Color Min.' }],
});

/** Colour maps offered (the reference has a fixed one; ours is a choice, default viridis). */
export const COLOR_MAPS = ['viridis', 'magma', 'inferno', 'cividis', 'gray', 'RdBu'] as const;
export type ColorMapName = (typeof COLOR_MAPS)[number];
/** Not a reference model: the reference has a fixed colour map. */
export const colorMapGroup = group('color_map', 'Colour Map', [
  choice('name', 'Colour Map', [
    { value: 'viridis', title: 'Viridis' }, { value: 'magma', title: 'Magma' }, { value: 'inferno', title: 'Inferno' },
    { value: 'cividis', title: 'Cividis (colour-vision friendly)' }, { value: 'gray', title: 'Gray' },
    { value: 'RdBu', title: 'Red–blue (diverging)' },
  ], 'viridis'),
]);

export const lineGroup = group('line', 'Line', [
  choice('mode', 'Line Mode', [{ value: 'line', title: 'Line' }, { value: 'points', title: 'Points' }, { value: 'histogram', title: 'Histogram steps' }], 'line',
    "Rendering mode: 'line' for smooth curves, 'points' for discrete markers, or 'histogram' for step plot."),
  choice('errors', 'Error Display', [{ value: 'bars', title: 'Error bars' }, { value: 'band', title: 'Band' }, { value: 'none', title: 'None' }], 'bars',
    "Error display mode: 'bars' for error whiskers, 'band' for filled band, or 'none' to suppress errors."),
]);

export const timeWindowGroup = group('time_window', 'Time Window', [
  choice('mode', 'Mode', [{ value: 'window', title: 'Latest (with optional lookback)' }, { value: 'since_start', title: 'Since run start' }], 'window',
    "'since_start' for the cumulative value since the run started, 'window' for the most recent update plus optional lookback over prior updates."),
  num('window_duration_seconds', 'Window Duration (s)', 0, { min: 0, max: 60, unit: 's',
    description: 'Additional history to aggregate alongside the latest update (seconds). 0 means only the latest update.' }),
  choice('aggregation', 'Aggregation', ['auto', 'nansum', 'nanmean', 'sum', 'mean'], 'auto',
    "'auto' uses 'nansum' for counts (unit='counts') and 'nanmean' otherwise."),
]);

export const rateGroup = group('rate', 'Rate', [
  bool('normalize_to_rate', 'Counts Per Second', false,
    'Display as rate (counts per second) by dividing by the time duration between start_time and end_time.'),
]);

const timeseriesScaleGroup = group('plot_scale', 'Scale', [choice('y_scale', 'Y Axis Scale', SCALE, 'linear', 'Scale for y-axis')]);
const accumulationGroup = group('accumulation', 'Accumulation', [
  bool('cumulative', 'Cumulative', false, 'Plot the total accumulated since the run started, instead of the value of each individual update.'),
]);
const downsamplingGroup = group('downsampling', 'Downsampling', [
  num('fine_period_seconds', 'Fine Period (s)', 1.0, { min: 0, exclusiveMin: true, unit: 's', description: 'Sample period for the Recent Window.' }),
  num('recent_seconds', 'Recent Window (s)', 3600, { min: 0, unit: 's', description: 'Length of the trailing window kept at Fine Period resolution.' }),
  num('coarse_period_seconds', 'Coarse Period (s)', 300, { min: 0, unit: 's', description: 'Coarser sample period for data older than the Recent Window. 0 drops older data.' }),
]);

const orientationGroup = group('orientation', 'Orientation', [bool('horizontal', 'Horizontal Bars', false)]);
const formatGroup = group('format', 'Format', [
  choice('notation', 'Notation', ['auto', 'scientific', 'decimal', 'compact'], 'auto'),
  int('precision', 'Precision', 3, -9, 10, 'Digits after the decimal point (mantissa digits in scientific and compact notation).'),
]);

const normalizationGroup = group('normalization', 'Normalization', [
  bool('per_second', 'Per second', false, 'Normalise each histogram bin by the time the axis value was held (counts per second).'),
]);
const axisSource = (key: string, title: string): ParamField =>
  str(key, title, null, { maxLength: 200, description: 'Source name of the time series whose value is the histogram axis.' });

const LINE_DASH = ['solid', 'dashed', 'dotted', 'dotdash'];
const COLOUR_PATTERN = '^(#[0-9a-fA-F]{3,8}|[a-zA-Z]+|rgba?\\([0-9., ]+\\))$';
const styleFields = (alpha: number, alphaKey = 'alpha', alphaTitle = 'Opacity', colour = '#ff0000', dash = 'solid'): ParamField[] => [
  str('color', 'Color', colour, { maxLength: 40, pattern: COLOUR_PATTERN, patternMessage: 'a CSS colour, e.g. #ff0000' }),
  num('line_width', 'Line Width', alphaKey === 'fill_alpha' ? 2.0 : colour === '#808080' ? 2.0 : 1.0, { min: 0, max: 10 }),
  choice('line_dash', 'Line Style', LINE_DASH, dash),
  num(alphaKey, alphaTitle, alpha, { min: 0, max: 1 }),
];
const RECT_LIST = '^\\s*(\\[\\s*-?[0-9.eE+-]+\\s*(,\\s*-?[0-9.eE+-]+\\s*){3}\\]\\s*(,\\s*\\[\\s*-?[0-9.eE+-]+\\s*(,\\s*-?[0-9.eE+-]+\\s*){3}\\]\\s*)*)$';
const NUM_LIST = '^\\s*-?[0-9.eE+-]+\\s*(,\\s*-?[0-9.eE+-]+\\s*)*$';
const EMPTY_OR = (p: string): string => `^\\s*$|${p}`;
/** Most ROIs of one geometry the backend accepts (wire-protocol.md). */
export const MAX_ROIS = 4;

// ---- per-plotter schemas ------------------------------------------------------------------

const display1d = (): ParamSchema => [layoutGroup, aspectGroup, scale1dGroup, ticksGroup, lineGroup];
const display2d = (): ParamSchema => [layoutGroup, aspectGroup, scale2dGroup, ticksGroup, colorMapGroup];
export const params1d = (): ParamSchema => [...display1d(), timeWindowGroup, rateGroup];
export const params2d = (): ParamSchema => [...display2d(), timeWindowGroup, rateGroup];

const flattenGroup = group('flatten', 'Flatten', [
  { kind: 'numbers', key: 'axis_x_dims', title: 'Dims on X axis', default: [0], minItems: 1, maxItems: 5, increasing: true,
    description: 'Input dims (by position) that combine into the X image axis. The remaining dims form the Y axis.' },
  bool('transpose_x_flatten', 'Reverse X-axis flatten order', false),
  bool('transpose_y_flatten', 'Reverse Y-axis flatten order', false),
  bool('transpose', 'Transpose', false, 'Swap x and y axes of the result.'),
]);

const roiReadbackStyle = group('style', 'Appearance', [
  num('fill_alpha', 'Fill Opacity', 0, { min: 0, max: 1 }),
  num('line_width', 'Line Width', 2, { min: 0, max: 10 }),
]);
const roiRequest = (coordTitle: string, pattern: string | undefined): ParamSchema => [
  group('geometry', 'Coordinates', [str('coordinates', 'Coordinates', '', { description: coordTitle, ...(pattern ? { pattern, patternMessage: 'e.g. [0,0,10,10], [20,20,30,30]' } : {}) })]),
  group('style', 'Appearance', styleFields(0, 'alpha', 'Opacity', '#808080', 'dashed').slice(0, 3)),
  group('options', 'Options', [int('max_roi_count', 'Max ROIs', MAX_ROIS, 1, MAX_ROIS)]),
];
const ROI_RECT = { minDims: 1, maxDims: 1, requiredCoords: ['roi_index', 'x', 'y'], requiredDimNames: ['bounds'] };
const ROI_POLY = { minDims: 1, maxDims: 1, requiredCoords: ['roi_index', 'x', 'y'], requiredDimNames: ['vertex'] };

export const PLOTTER_INFOS: PlotterInfo[] = [
  { name: 'image', title: 'Image', description: 'Plot image data. Several sources are overlaid, or shown side by side in layout mode.',
    requirements: { minDims: 2, maxDims: 2 }, params: params2d() },
  { name: 'lines', title: 'Lines', description: 'Plot the data as line plots.',
    requirements: { minDims: 1, maxDims: 1, denyCoords: ['roi_index'] }, params: params1d() },
  { name: 'timeseries', title: 'Timeseries', description: 'Plot the temporal evolution of scalar values as line plots.',
    requirements: { minDims: 0, maxDims: 0, needsHistory: true },
    params: [layoutGroup, aspectGroup, timeseriesScaleGroup, ticksGroup, lineGroup, accumulationGroup, downsamplingGroup] },
  { name: 'bars', title: 'Bars', description: 'Plot 0D scalar values as bars.',
    requirements: { minDims: 0, maxDims: 0 }, params: [layoutGroup, aspectGroup, timeWindowGroup, rateGroup, orientationGroup] },
  { name: 'table', title: 'Table', description: 'Display 0D scalar values as a table, one row per source.', exclusive: true,
    requirements: { minDims: 0, maxDims: 0 }, params: [layoutGroup, aspectGroup, timeWindowGroup, rateGroup, formatGroup] },
  { name: 'slicer', title: '3D Slicer', description: 'Interactively slice through 3D data along one dimension (per window), or flatten it.',
    requirements: { minDims: 3, maxDims: 3 }, params: params2d() },
  { name: 'flatten', title: 'Flatten to 2D',
    description: 'Flatten N-D data (N ≥ 3) to a 2D image with a partition of input dims into X- and Y-axis groups; hovering decomposes each axis back into per-dim values.',
    requirements: { minDims: 3, maxDims: 6 }, params: [...params2d(), flattenGroup] },
  { name: 'overlay_1d', title: 'Overlay 1D', description: 'Slice 2D data along the first dimension and overlay as 1D curves (e.g. ROI spectra).',
    requirements: { minDims: 2, maxDims: 2 }, params: params1d() },
  { name: 'correlation_histogram_1d', title: 'Correlation Histogram 1D',
    description: 'A 1D histogram correlating the selected timeseries against another timeseries axis.',
    requirements: { minDims: 0, maxDims: 0, needsHistory: true },
    params: [normalizationGroup, layoutGroup, aspectGroup, scale1dGroup, ticksGroup,
      group('bins', 'Histogram Bins', [axisSource('x_axis_source', 'X Axis'), int('x_bins', 'X Bins', 100, 1, 5000)]), lineGroup] },
  { name: 'correlation_histogram_2d', title: 'Correlation Histogram 2D',
    description: 'A 2D histogram correlating the selected timeseries against two timeseries axes.',
    requirements: { minDims: 0, maxDims: 0, needsHistory: true },
    params: [normalizationGroup, layoutGroup, aspectGroup, scale2dGroup, ticksGroup, colorMapGroup,
      group('bins', 'Histogram Bins', [axisSource('x_axis_source', 'X Axis'), int('x_bins', 'X Bins', 20, 1, 1000), axisSource('y_axis_source', 'Y Axis'), int('y_bins', 'Y Bins', 20, 1, 1000)])] },
  { name: 'rectangles', title: 'Rectangles', description: 'Static rectangles from coordinates [x0,y0,x1,y1].', requirements: null,
    params: [group('geometry', 'Rectangle Coordinates', [str('coordinates', 'Coordinates', '', { description: 'E.g., [0,0,10,10], [20,20,30,30]', pattern: RECT_LIST, patternMessage: 'At least one rectangle [x0, y0, x1, y1], e.g. [0,0,10,10], [20,20,30,30]' })]),
      group('style', 'Appearance', styleFields(0, 'alpha', 'Fill Opacity'))] },
  { name: 'vlines', title: 'Vertical Lines', description: 'Static vertical lines at x positions.', requirements: null,
    params: [group('geometry', 'X Positions', [str('positions', 'Positions', '', { description: 'Comma-separated values, e.g. 10, 20, 30', pattern: NUM_LIST, patternMessage: 'At least one position, e.g. 10, 20, 30' })]),
      group('style', 'Appearance', styleFields(0.7))] },
  { name: 'hlines', title: 'Horizontal Lines', description: 'Static horizontal lines at y positions.', requirements: null,
    params: [group('geometry', 'Y Positions', [str('positions', 'Positions', '', { description: 'Comma-separated values, e.g. 10, 20, 30', pattern: NUM_LIST, patternMessage: 'At least one position, e.g. 10, 20, 30' })]),
      group('style', 'Appearance', styleFields(0.7))] },
  { name: 'rectangles_readback', title: 'ROI Rectangles', description: 'The rectangle ROIs the backend confirmed, coloured by ROI index.',
    requirements: ROI_RECT, params: [roiReadbackStyle] },
  { name: 'rectangles_request', title: 'Edit ROI Rectangles', description: 'Draw and edit ROI rectangles; publishes ROI updates to the backend.',
    requirements: ROI_RECT, params: roiRequest('In plot axis units, e.g. [0,0,10,10], [20,20,30,30]', EMPTY_OR(RECT_LIST)) },
  { name: 'polygons_readback', title: 'ROI Polygons', description: 'The polygon ROIs the backend confirmed, coloured by ROI index.',
    requirements: ROI_POLY, params: [roiReadbackStyle] },
  { name: 'polygons_request', title: 'Edit ROI Polygons', description: 'Draw and edit ROI polygons; publishes ROI updates to the backend.',
    requirements: ROI_POLY, params: roiRequest('In plot axis units, e.g. [[0,0],[10,0],[5,10]]', undefined) },
];

for (const info of PLOTTER_INFOS) registerPlotter(info);

/** Static plotters draw from params alone and are READY at once. */
export function isStaticPlotter(name: PlotterName): boolean {
  return name === 'rectangles' || name === 'vlines' || name === 'hlines';
}

/**
 * The reference's PlotScaleParams2d model validator (max > min; min > 0 on a log scale), which
 * the generic group checks cannot express (it only applies with manual limits on). Returns the
 * problems with their dotted paths; main runs it after validateParams.
 */
export function checkManualColourLimits(params: unknown): { path: string; message: string }[] {
  const scale = (params as { plot_scale?: Record<string, unknown> } | null)?.plot_scale;
  if (!scale || scale.manual_color_limits !== true) return [];
  const lo = scale.color_min;
  const hi = scale.color_max;
  const out: { path: string; message: string }[] = [];
  if (typeof lo === 'number' && typeof hi === 'number' && !(hi > lo)) out.push({ path: 'plot_scale.color_max', message: 'Color Max must be greater than Color Min.' });
  if (scale.color_scale === 'log' && typeof lo === 'number' && !(lo > 0)) out.push({ path: 'plot_scale.color_min', message: 'Color Min must be positive for a log color scale.' });
  return out;
}
