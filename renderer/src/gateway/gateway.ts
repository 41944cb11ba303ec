import type { SessionApi } from '../../../shared/session-api';

/** The session API plus the wake hint, whichever carrier (Electron IPC or WebSocket) is used. */
export interface Gateway extends SessionApi {
  onWake(listener: () => void): () => void;
  /** Called when the carrier is lost (WebSocket closed); the app shows it and reconnects. */
  onDisconnect(listener: (reason: string) => void): () => void;
  readonly carrier: 'electron' | 'browser';
}
