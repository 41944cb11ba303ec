// Theme and UI scale, installed once per page (renderer/src/main.ts): the functions the View
// menu's actions call (renderer/src/shortcuts.ts onMenuAction) and the colours charts follow.
import './theme.css';
import { onMenuAction } from '../shortcuts';
import { initScale, resetZoom, zoomIn, zoomOut } from './ui-scale';
import { initTheme, setTheme } from './theme';

export { zoomIn, zoomOut, resetZoom, setScale, uiScale, onScaleChange } from './ui-scale';
export { setTheme, toggleTheme, theme, themeChoice, onThemeChange, type Theme, type ThemeChoice } from './theme';
export { chartPalette, roiColor } from './chart-theme';

let installed = false;

export function installTheme(): void {
  if (installed) return;
  installed = true;
  initTheme();
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
