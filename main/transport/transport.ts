// The one interface behind which every source of raw messages lives: the demo backend,
// Kafka, and recorded files. Every message goes through the same decoder (shared/wire):
// in the pump, or for Kafka on its ingest worker thread.
import type { DecodedMessage } from '../../shared/wire';

export type ConsumedRole = 'data' | 'heartbeat' | 'responses';
export type ProducedRole = 'commands' | 'roi';
export type TopicRole = ConsumedRole | ProducedRole;

export interface RawMessage {
  role: ConsumedRole;
  topic: string;
  partition: number;
  /** Kafka offset as a decimal string (int64). */
  offset: string;
  /** Broker (or recorded) timestamp in ms since the epoch. */
  timestampMs: number;
  value: Uint8Array;
  /** Already decoded off the main thread (main/kafka/kafka-worker.ts); the pump decodes otherwise. */
  decoded?: DecodedMessage;
  /** Why decoding off the main thread failed (the pump counts and logs it like its own failures). */
  decodeError?: string;
}

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface ConnectionHealth {
  state: ConnectionState;
  /** ms since the epoch when `state` was entered. */
  since: number;
  /** Human-readable reason for the current state (last error, broker address...). */
  detail: string | null;
}

export type TransportKind = 'fake' | 'kafka' | 'replay';

/** Sees every consumed message as it is queued (the recorder); `receivedAtMs` is our wall clock. */
export type MessageTap = (message: RawMessage, receivedAtMs: number) => void;

export interface Transport {
  readonly kind: TransportKind;
  /** What the status bar shows, e.g. "demo (dummy)" or "kafka broker1:9092". */
  readonly description: string;
  /** Topic names by role, for status views. */
  readonly topics: Record<TopicRole, string>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Takes up to `max` queued messages, oldest first. Never blocks. */
  drain(max: number): RawMessage[];
  /** Publishes one payload on the commands or ROI topic (null key, like the reference). */
  send(role: ProducedRole, value: Uint8Array): Promise<void>;
  health(): ConnectionHealth;
  /** Registers a callback run whenever new messages were queued or the health changed. */
  onActivity(listener: () => void): void;
  /** Observes every consumed message (recording, main/record/); returns the removal. Live sources only. */
  onMessage?(tap: MessageTap): () => void;
  /** The time staleness is judged by: wall time when live, the replayed time in replay (main/replay/). */
  clock?(): number;
}

export function topicsFor(instrument: string): Record<TopicRole, string> {
  return {
    data: `${instrument}_livedata_data`,
    heartbeat: `${instrument}_livedata_heartbeat`,
    responses: `${instrument}_livedata_responses`,
    commands: `${instrument}_livedata_commands`,
    roi: `${instrument}_livedata_roi`,
  };
}
