import type { PlotterName } from '../../../shared/plotters';
import { PlotError } from './plotter';
import { ImagePlotter } from './image-plotter';
import { LinePlotter } from './line-plotter';
import type { Plotter, PlotterContext } from './plotter';
import { TimeseriesPlotter } from './timeseries-plotter';
import { createRoiPlotter } from '../roi-plotters';

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
    default: {
      // ROI readback/request overlays: main/plots/roi-plotters.ts.
      const roi = createRoiPlotter(name, ctx);
      if (roi) return roi;
      throw new PlotError(`the ${name} plotter is not available in this build`);
    }
  }
}
