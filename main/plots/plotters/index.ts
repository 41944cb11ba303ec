import type { PlotterName } from '../../../shared/plotters';
import { PlotError } from './plotter';
import { ImagePlotter } from './image-plotter';
import { LinePlotter } from './line-plotter';
import type { Plotter, PlotterContext } from './plotter';
import { TimeseriesPlotter } from './timeseries-plotter';

export { PlotError } from './plotter';
export type { Plotter, PlotterInput, PlotterContext } from './plotter';

export function createPlotter(name: PlotterName, ctx: PlotterContext): Plotter {
  switch (name) {
    case 'lines':
      return new LinePlotter(ctx);
    case 'image':
      return new ImagePlotter(ctx);
    case 'timeseries':
      return new TimeseriesPlotter(ctx);
    default:
      throw new PlotError(`the ${name} plotter is not available in this build`);
  }
}
