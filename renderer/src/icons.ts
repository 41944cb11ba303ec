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
  // Layout editing (grid manager, cell title bar, wizard).
  more: 'M12 8a2 2 0 1 0 0-4 2 2 0 0 0 0 4zm0 2a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm0 6a2 2 0 1 0 0 4 2 2 0 0 0 0-4z',
  plus: 'M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z',
  list: 'M3 5h18v2H3zm0 6h18v2H3zm0 6h18v2H3z',
  eye: 'M12 5C7 5 2.7 8.1 1 12c1.7 3.9 6 7 11 7s9.3-3.1 11-7c-1.7-3.9-6-7-11-7zm0 11a4 4 0 1 1 0-8 4 4 0 0 1 0 8zm0-6a2 2 0 1 0 0 4 2 2 0 0 0 0-4z',
  'eye-off': 'M2 4.3 3.3 3 21 20.7 19.7 22l-3.1-3.1A11.6 11.6 0 0 1 12 19c-5 0-9.3-3.1-11-7a12 12 0 0 1 4.1-5zM12 5c5 0 9.3 3.1 11 7a12.3 12.3 0 0 1-3.3 4.5L16 12.8A4 4 0 0 0 11.2 8L8.8 5.6C9.8 5.2 10.9 5 12 5z',
  undo: 'M12.5 8c-2.6 0-5 1-6.9 2.6L2 7v9h9l-3.6-3.6A8 8 0 0 1 20.1 16l2.4-.8A10.5 10.5 0 0 0 12.5 8z',
  redo: 'M18.4 10.6A10.5 10.5 0 0 0 1.5 15.2l2.4.8a8 8 0 0 1 12.7-3.6L13 16h9V7z',
  up: 'M7.4 15.4 12 10.8l4.6 4.6L18 14l-6-6-6 6z',
  down: 'M7.4 8.6 12 13.2l4.6-4.6L18 10l-6 6-6-6z',
  copy: 'M16 1H4a2 2 0 0 0-2 2v14h2V3h12zm3 4H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h11a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2zm0 16H8V7h11z',
  download: 'M5 20h14v-2H5zM19 9h-4V3H9v6H5l7 7z',
  upload: 'M5 20h14v-2H5zm4-4h6v-6h4l-7-7-7 7h4z',
  edit: 'M3 17.2V21h3.8l11-11-3.8-3.8zM20.7 7a1 1 0 0 0 0-1.4l-2.3-2.3a1 1 0 0 0-1.4 0l-1.8 1.8 3.8 3.8z',
  trash: 'M6 19a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2V7H6zM19 4h-3.5l-1-1h-5l-1 1H5v2h14z',
  tune: 'M3 17v2h6v-2zM3 5v2h10V5zm10 16v-2h8v-2h-8v-2h-2v6zM7 9v2H3v2h4v2h2V9zm14 4v-2H11v2zm-6-4h2V7h4V5h-4V3h-2z',
  // Plot interaction, ROI and export (renderer/src/components/CellToolbar.vue).
  'zoom-box': 'M10 3a7 7 0 1 0 4.2 12.6l5.1 5.1 1.4-1.4-5.1-5.1A7 7 0 0 0 10 3zm0 2a5 5 0 1 1 0 10 5 5 0 0 1 0-10zM7 9h2V7h2v2h2v2h-2v2H9v-2H7z',
  pan: 'M12 2l3.5 3.5-1.4 1.4L13 5.8V11h5.2l-1.1-1.1 1.4-1.4L22 12l-3.5 3.5-1.4-1.4 1.1-1.1H13v5.2l1.1-1.1 1.4 1.4L12 22l-3.5-3.5 1.4-1.4 1.1 1.1V13H5.8l1.1 1.1-1.4 1.4L2 12l3.5-3.5 1.4 1.4L5.8 11H11V5.8L9.9 6.9 8.5 5.5z',
  home: 'M12 3 2 12h3v8h5v-6h4v6h5v-8h3z',
  autoscale: 'M3 3h7v2H6.4l4.3 4.3-1.4 1.4L5 6.4V10H3zm11 0h7v7h-2V6.4l-4.3 4.3-1.4-1.4L17.6 5H14zM3 14h2v3.6l4.3-4.3 1.4 1.4L6.4 19H10v2H3zm15.6 5-4.3-4.3 1.4-1.4 4.3 4.3V14h2v7h-7v-2z',
  'roi-rect': 'M3 3h5v2H5v3H3zm7 0h4v2h-4zm6 0h5v5h-2V5h-3zM3 10h2v4H3zm16 0h2v4h-2zM3 16h2v3h3v2H3zm7 3h4v2h-4zm9-3h2v5h-5v-2h3z',
  'roi-polygon': 'M12 1.8 22.6 9.5 18.5 22H5.5L1.4 9.5zm0 2.5L3.8 10.2 7 20h10l3.2-9.8z',
  pointer: 'M5 2l14 10.5-6.2 1 3.6 6.6-2.6 1.4-3.6-6.6L5 19.5z',
  image: 'M3 4h18v16H3zm2 2v9.6l4-4 3 3 4-5 3 3.7V6zm3 1.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3z',
  sun: 'M12 7a5 5 0 1 1 0 10 5 5 0 0 1 0-10zM11 1h2v3h-2zm0 19h2v3h-2zM1 11h3v2H1zm19 0h3v2h-3zM4.2 2.8l2.1 2.1-1.4 1.4-2.1-2.1zm14.9 14.9 2.1 2.1-1.4 1.4-2.1-2.1zM2.8 19.8l2.1-2.1 1.4 1.4-2.1 2.1zM17.7 4.9l2.1-2.1 1.4 1.4-2.1 2.1z',
  moon: 'M12.3 2A9 9 0 1 0 22 11.7 7 7 0 0 1 12.3 2z',
} as const;

export type IconName = keyof typeof ICONS;
