// What components get from the session runtime (provide/inject): the gateway for commands,
// the plot cache for presenters, the updater for wake-ups.
import { inject, type InjectionKey } from 'vue';
import type { Gateway } from '../gateway';
import type { PlotCache } from './plot-cache';
import type { SessionUpdater } from './session-updater';

export interface SessionContext {
  gateway: Gateway;
  cache: PlotCache;
  updater: SessionUpdater;
  /** Forwards a message to main's log (rate-limited; never throws). */
  log(level: 'error' | 'warn' | 'info', message: string): void;
}

export const SESSION_CONTEXT: InjectionKey<SessionContext> = Symbol('session-context');

export function useSessionContext(): SessionContext {
  const ctx = inject(SESSION_CONTEXT);
  if (!ctx) throw new Error('session context not provided');
  return ctx;
}
