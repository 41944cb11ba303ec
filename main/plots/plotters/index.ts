import '../../../shared/plotter-params';
import type { PlotterName } from '../../../shared/plotters';
import { PlotError } from './plotter';
import { ImagePlotter } from './image-plotter';
import { LinePlotter } from './line-plotter';
import type { Plotter, PlotterContext } from './plotter';
import { TimeseriesPlotter } from './timeseries-plotter';
import { BarsPlotter, TablePlotter } from './scalar-plotters';
import { CorrelationPlotter } from './correlation-plotter';
import { StaticPlotter } from './static-plotters';
import { createRoiPlotter } from '../roi-plotters';

export { PlotError } from './plotter';
export type { Plotter, PlotterInput, PlotterContext, PlotLabels } from './plotter';
export { answerLayerQuery } from './queries';

/** A plotter for a layer; throws a PlotError (with every problem's path) for invalid params. */
export function createPlotter(name: PlotterName, ctx: PlotterContext): Plotter {
  switch (name) {
    case 'lines':
    case 'overlay_1d':
      return new LinePlotter(ctx, name);
    case 'image':
    case 'slicer':
    case 'flatten':
      return new ImagePlotter(ctx, name);
    case 'timeseries':
      return new TimeseriesPlotter(ctx);
    case 'bars':
      return new BarsPlotter(ctx);
    case 'table':
      return new TablePlotter(ctx);
    case 'correlation_histogram_1d':
      return new CorrelationPlotter(ctx, 1);
    case 'correlation_histogram_2d':
      return new CorrelationPlotter(ctx, 2);
    case 'rectangles':
    case 'vlines':
    case 'hlines':
      return new StaticPlotter(ctx, name);
    case 'rectangles_readback':
    case 'rectangles_request':
    case 'polygons_readback':
    case 'polygons_request':
      return createRoiPlotter(name, ctx)!;
    default:
      throw new PlotError(`the ${String(name)} plotter is not available in this build`);
  }
}
