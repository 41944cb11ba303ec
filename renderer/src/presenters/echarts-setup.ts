// The one place ECharts is imported at runtime: only the parts we use (tree-shaken build).
import * as echarts from 'echarts/core';
import { BarChart, CustomChart, LineChart } from 'echarts/charts';
import {
  AxisPointerComponent,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  LineChart,
  BarChart,
  CustomChart,
  GridComponent,
  AxisPointerComponent,
  GraphicComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapContinuousComponent,
  CanvasRenderer,
]);

export { echarts };
