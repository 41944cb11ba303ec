// Messages between the Kafka ingest worker (kafka-worker.ts) and its proxy on the main thread
// (kafka-worker-transport.ts). Everything here crosses postMessage (structured clone); payload
// bytes and decoded arrays are transferred, not copied.
import type { ConnectionHealth, ProducedRole, RawMessage } from '../transport/transport';
import type { KafkaTransportOptions } from './kafka-transport';

/** The worker's options: the transport's, minus the logger (logs come back as messages). */
export type KafkaWorkerOptions = Omit<KafkaTransportOptions, 'logger'>;

/** A consumed message with its decoded form, or why it could not be decoded (the pump counts it). */
export type IngestedMessage = RawMessage;

export type ToWorker =
  | { type: 'start'; id: number }
  | { type: 'stop'; id: number }
  | { type: 'send'; id: number; role: ProducedRole; value: Uint8Array };

export type FromWorker =
  | { type: 'reply'; id: number; error: string | null }
  | { type: 'messages'; messages: IngestedMessage[]; receivedAtMs: number; health: ConnectionHealth; droppedInWorker: number }
  | { type: 'health'; health: ConnectionHealth }
  | { type: 'log'; level: 'error' | 'warn' | 'info' | 'debug'; message: string; meta: Record<string, unknown> };
