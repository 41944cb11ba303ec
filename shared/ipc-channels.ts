// Electron IPC channel names. Kept free of imports so the sandboxed preload bundle stays tiny.
export const IPC_CHANNELS = {
  open: 'livedata:open',
  poll: 'livedata:poll',
  command: 'livedata:command',
  close: 'livedata:close',
  log: 'livedata:log',
  wake: 'livedata:wake',
} as const;
