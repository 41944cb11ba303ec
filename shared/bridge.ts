// What the Electron preload exposes on `window.livedata`: the session API plus a wake hint.
import type { SessionApi } from './session-api';

export interface LivedataBridge extends SessionApi {
  /** Registers a listener for the data-free wake hint; returns an unsubscribe function. */
  onWake(listener: () => void): () => void;
}
