// The plotter registry, shared by main (which computes) and the renderer (the wizard offers
// only compatible plotters and generates their parameter form). Compatibility is decided
// from an output's description, like the reference's DataRequirements.
import type { OutputView } from './catalogue';
import type { ParamSchema } from './params';

export const PLOTTERS = [
  'lines', 'image', 'timeseries', 'bars', 'table', 'slicer', 'flatten', 'overlay_1d',
  'correlation_histogram_1d', 'correlation_histogram_2d',
  'rectangles', 'vlines', 'hlines',
  'rectangles_readback', 'rectangles_request', 'polygons_readback', 'polygons_request',
] as const;
export type PlotterName = (typeof PLOTTERS)[number];

export interface DataRequirements {
  minDims: number;
  maxDims: number;
  requiredCoords?: string[];
  denyCoords?: string[];
  requiredDimNames?: string[];
  /** Needs the history of a 0-D output (time series), not only its latest value. */
  needsHistory?: boolean;
}

export interface PlotterInfo {
  name: PlotterName;
  title: string;
  description: string;
  /** null: a static plotter drawn from params alone (no workflow output). */
  requirements: DataRequirements | null;
  /** The plot parameters (nested as the reference's plot_params models). */
  params: ParamSchema;
  /** Must be alone in its cell (reference: table). */
  exclusive?: boolean;
}

/** Filled by the plotter definitions (shared/plotter-params.ts registers them). */
const registry = new Map<PlotterName, PlotterInfo>();

export function registerPlotter(info: PlotterInfo): void {
  registry.set(info.name, info);
}

export function plotterInfo(name: PlotterName): PlotterInfo | undefined {
  return registry.get(name);
}

export function allPlotters(): PlotterInfo[] {
  return PLOTTERS.flatMap((n) => registry.get(n) ?? []);
}

/** Whether a plotter can draw an output (the wizard's step 2 and main's validation). */
export function isCompatible(req: DataRequirements, output: OutputView): boolean {
  const ndim = output.dims.length;
  if (ndim < req.minDims || ndim > req.maxDims) return false;
  if (req.requiredCoords?.some((c) => !output.coords.includes(c))) return false;
  if (req.denyCoords?.some((c) => output.coords.includes(c))) return false;
  if (req.requiredDimNames?.some((d) => !output.dims.some((x) => x.name === d))) return false;
  if (req.needsHistory && output.temporality !== 'timeseries' && ndim !== 0) return false;
  return true;
}

export function compatiblePlotters(output: OutputView): PlotterInfo[] {
  return allPlotters().filter((p) => p.requirements && isCompatible(p.requirements, output));
}
