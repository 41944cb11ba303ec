// Views of the System tab's sessions panel and notification log (sections `sessions` and
// `notificationLog`, registered in main/app/core.ts).
import type { Notification } from './protocol';

export interface SessionInfoView {
  id: string;
  client: 'electron' | 'browser';
  /** Wall-clock ms since epoch. */
  openedAtMs: number;
  /** Last heartbeat (poll), wall-clock ms since epoch, in 2 s steps (the renderer shows its age). */
  lastSeenMs: number;
  /** Silent for longer than half the session timeout: about to be dropped. */
  stale: boolean;
}

export interface SessionsView {
  version: number;
  /** A session silent this long is dropped (its resources freed). */
  timeoutMs: number;
  sessions: SessionInfoView[];
}

export interface NotificationLogView {
  /** The last (up to) 100 notifications, newest first, full text. */
  entries: Notification[];
}
