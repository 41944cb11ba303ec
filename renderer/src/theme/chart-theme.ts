// Chart colours per theme. The option builders (renderer/src/presenters/chart-style.ts) read the
// palette in effect; a theme change re-renders every cell (renderer/src/theme/index.ts).
import { theme, type Theme } from './theme';

export interface ChartPalette {
  text: string;
  muted: string;
  gridLine: string;
  axisLine: string;
  /** Crosshair / axis pointer over images and lines. */
  pointer: string;
  tooltipBackground: string;
  tooltipText: string;
  /** ROI outlines of the user's request (the readback is coloured by ROI index). */
  roiRequest: string;
  /** Box-zoom rectangle. */
  selection: string;
  /** Behind exported pictures (the theme's panel colour). */
  background: string;
}

export const CHART_PALETTES: Readonly<Record<Theme, ChartPalette>> = {
  light: {
    text: '#1f2933',
    muted: '#52606d',
    gridLine: '#e4e7eb',
    axisLine: '#9aa5b1',
    pointer: 'rgba(31,41,51,0.55)',
    tooltipBackground: 'rgba(255,255,255,0.96)',
    tooltipText: '#1f2933',
    roiRequest: '#3e4c59',
    selection: 'rgba(31,122,153,0.18)',
    background: '#ffffff',
  },
  dark: {
    text: '#e4e7eb',
    muted: '#a7b3bf',
    gridLine: '#323f4b',
    axisLine: '#6b7785',
    pointer: 'rgba(228,231,235,0.6)',
    tooltipBackground: 'rgba(31,41,51,0.96)',
    tooltipText: '#e4e7eb',
    roiRequest: '#f5f7fa',
    selection: 'rgba(127,209,232,0.22)',
    background: '#1b232c',
  },
};

export function chartPalette(t: Theme = theme.value): ChartPalette {
  return CHART_PALETTES[t];
}

/**
 * ROI colours by index (stable across updates, like the reference's default colour cycle):
 * the same colour for a ROI's request, its readback and its spectrum.
 */
export const ROI_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'] as const;

export function roiColor(index: number): string {
  return ROI_COLORS[((index % ROI_COLORS.length) + ROI_COLORS.length) % ROI_COLORS.length]!;
}
