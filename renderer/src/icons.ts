// Embedded SVG icons (24×24 viewBox, filled, even-odd rule). Never Unicode glyphs as icons.
export const ICONS = {
  play: 'M8 5v14l11-7z',
  pause: 'M6 5h4v14H6zm8 0h4v14h-4z',
  'step-next': 'M6 5v14l9-7zm10 0h2v14h-2z',
  loop: 'M7 7h10v3l4-4-4-4v3H5v6h2zm10 10H7v-3l-4 4 4 4v-3h12v-6h-2z',
  record: 'M12 5a7 7 0 1 0 0 14 7 7 0 0 0 0-14z',
  'folder-open': 'M3 6a2 2 0 0 1 2-2h5l2 2h7a2 2 0 0 1 2 2v1H7.4L4.5 18H5L3 18zm4.4 5H23l-3 9H4.4z',
  eject: 'M5 17h14v2H5zm7-12 7 10H5z',
  stop: 'M6 6h12v12H6z',
  reset:
    'M12 4V1L7.5 5.5 12 10V7a5 5 0 1 1-5 5H5a7 7 0 1 0 7-8z',
  window:
    'M3 5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2zm2 4v10h14V9z',
  warning: 'M12 2 1 21h22zm-1 7h2v6h-2zm0 8h2v2h-2z',
  error:
    'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zM8.5 7.1 12 10.6l3.5-3.5 1.4 1.4-3.5 3.5 3.5 3.5-1.4 1.4-3.5-3.5-3.5 3.5-1.4-1.4 3.5-3.5-3.5-3.5z',
  check: 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z',
  close: 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z',
  info: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm-1 5h2v2h-2zm0 4h2v6h-2z',
  grid: 'M3 3h8v8H3zm10 0h8v8h-8zM3 13h8v8H3zm10 0h8v8h-8z',
  workflows: 'M4 4h7v5H4zm9 0h7v5h-7zM4 15h7v5H4zm9 0h7v5h-7zM7 9h2v6H7zm8 0h2v6h-2z',
  system: 'M3 4h18v12H3zm2 2v8h14V6zM8 18h8v2H8z',
  link: 'M10.6 13.4a1 1 0 0 0 1.4 0l4-4a3 3 0 0 0-4.2-4.2l-1.3 1.3 1.4 1.4 1.3-1.3a1 1 0 0 1 1.4 1.4l-4 4a1 1 0 0 0 0 1.4zm2.8-2.8a1 1 0 0 0-1.4 0l-4 4a3 3 0 0 0 4.2 4.2l1.3-1.3-1.4-1.4-1.3 1.3a1 1 0 0 1-1.4-1.4l4-4a1 1 0 0 0 0-1.4z',
} as const;

export type IconName = keyof typeof ICONS;
