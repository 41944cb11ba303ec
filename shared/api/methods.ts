// The session API's method names, declared once. Zod-free on purpose: the sandboxed preload
// bundle imports this file and must stay tiny. Schemas and types live in ../session-api.ts.
export const SESSION_METHODS = ['open', 'poll', 'command', 'query', 'close', 'log'] as const;
export type SessionMethod = (typeof SESSION_METHODS)[number];

/** The Electron IPC channel of a method (and of the wake hint). */
export const ipcChannel = (method: SessionMethod | 'wake'): string => `livedata:${method}`;
