// The layer lifecycle (docs/architecture.md) as pure transitions over immutable snapshots.
// Every effective transition bumps the version; job_started always does, because a new
// plotter must be picked up by every session even when the state name stays the same.
import type { LayerStateName } from '../../shared/protocol';

export interface LayerSnapshot {
  readonly state: LayerStateName;
  readonly version: number;
  readonly message: string | null;
}

export type LayerEvent =
  | { type: 'job_started' }
  | { type: 'data_arrived' }
  | { type: 'job_stopped' }
  | { type: 'error'; message: string };

export type TransitionResult =
  | { kind: 'changed'; snapshot: LayerSnapshot }
  | { kind: 'noop' }
  | { kind: 'invalid'; reason: string };

export function initialSnapshot(isStatic = false): LayerSnapshot {
  return isStatic
    ? { state: 'READY', version: 1, message: null }
    : { state: 'WAITING_FOR_JOB', version: 1, message: null };
}

function to(prev: LayerSnapshot, state: LayerStateName, message: string | null = null): TransitionResult {
  return { kind: 'changed', snapshot: { state, version: prev.version + 1, message } };
}

export function transition(prev: LayerSnapshot, event: LayerEvent): TransitionResult {
  switch (event.type) {
    case 'job_started':
      return to(prev, 'WAITING_FOR_DATA');
    case 'data_arrived':
      switch (prev.state) {
        case 'WAITING_FOR_DATA':
        case 'ERROR': // a successful compute after an error recovers
          return to(prev, 'READY');
        case 'READY':
        case 'STOPPED': // late data of a stopped job may still render; no state change
          return { kind: 'noop' };
        case 'WAITING_FOR_JOB':
          return { kind: 'invalid', reason: 'data arrived before any job started' };
      }
      break;
    case 'job_stopped':
      switch (prev.state) {
        case 'WAITING_FOR_DATA':
        case 'READY':
          return to(prev, 'STOPPED');
        case 'ERROR': // the error outranks stopped
        case 'WAITING_FOR_JOB': // nothing was running
          return { kind: 'noop' };
        case 'STOPPED':
          return { kind: 'invalid', reason: 'job_stopped on a stopped layer' };
      }
      break;
    case 'error':
      return to(prev, 'ERROR', event.message);
  }
  return { kind: 'invalid', reason: `unhandled ${event.type} in ${prev.state}` };
}
