// The plot keys (renderer/src/presenters/interaction.ts, roi-editor.ts), listed on the shortcuts
// page (renderer/src/shortcuts.ts). They act on the focused plot (click it, or Tab to it).
import { registerShortcuts, type Shortcut } from '../shortcuts';

const plot = (keys: string, description: string): Shortcut => ({ keys, description, group: 'Plots (focused plot)', where: 'both' });

export const PLOT_SHORTCUTS: Shortcut[] = [
  plot('+', 'Zoom in (wheel: zoom at the pointer; over an axis: that axis only)'),
  plot('-', 'Zoom out'),
  plot('ArrowLeft', 'Pan left / right / up / down (arrows; Shift: 5×)'),
  plot('0', 'Reset zoom and colour range (also: double-click)'),
  plot('F', 'Fit to the current data and keep it'),
  plot('X', 'Autoscale x on/off'),
  plot('Y', 'Autoscale y on/off'),
  plot('C', 'Autoscale colour on/off'),
  plot('B', 'Box-zoom tool (drag a box; Shift+drag pans)'),
  plot('H', 'Pan tool (drag moves the view)'),
  plot('R', 'Draw rectangle ROIs (drag; Enter: one in the middle)'),
  plot('G', 'Draw polygon ROIs (click vertices; double-click or Enter closes; Backspace undoes)'),
  plot('E', 'Edit ROIs: Tab selects, drag or arrows move, Alt+arrows resize, Delete removes'),
  plot('Escape', 'Cancel drawing / back to the box-zoom tool'),
  plot('P', 'Save the plot as PNG'),
  plot('D', 'Save the data (CSV, or JSON for images)'),
];

registerShortcuts(...PLOT_SHORTCUTS);
