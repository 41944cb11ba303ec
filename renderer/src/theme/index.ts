// Theme and UI scale, installed once per page (renderer/src/main.ts): the functions the View
// menu's actions call (renderer/src/shortcuts.ts onMenuAction) and the colours charts follow.
import './theme.css';
import { onMenuAction } from '../shortcuts';
import { initScale, resetZoom, zoomIn, zoomOut } from './ui-scale';
import { initTheme, onThemeChange, setTheme, theme, type Theme } from './theme';
import { applyChartPalette } from '../presenters/chart-style';
import { CHART_PALETTES } from './chart-theme';

function applyPalette(t: Theme): void {
  const p = CHART_PALETTES[t];
  applyChartPalette({ text: p.text, muted: p.muted, gridLine: p.gridLine, axisLine: p.axisLine, background: p.background, dark: t === 'dark' });
}

export { zoomIn, zoomOut, resetZoom, setScale, uiScale, onScaleChange } from './ui-scale';
export { setTheme, toggleTheme, theme, themeChoice, onThemeChange, type Theme, type ThemeChoice } from './theme';
export { chartPalette, roiColor } from './chart-theme';

let installed = false;

export function installTheme(): void {
  if (installed) return;
  installed = true;
  // Registered before any chart exists, so the palette switches before cells re-render.
  onThemeChange(applyPalette);
  initTheme();
  applyPalette(theme.value);
  initScale();
  onMenuAction((a) => {
    switch (a) {
      case 'ui-zoom-in':
        zoomIn();
        break;
      case 'ui-zoom-out':
        zoomOut();
        break;
      case 'ui-zoom-reset':
        resetZoom();
        break;
      case 'theme-light':
        setTheme('light');
        break;
      case 'theme-dark':
        setTheme('dark');
        break;
      case 'theme-system':
        setTheme('system');
        break;
      default:
        break;
    }
  });
}
