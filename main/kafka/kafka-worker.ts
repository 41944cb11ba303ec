// The Kafka ingest worker: runs the kafkajs consumer and decodes every payload on a thread of
// its own, so that a burst of large messages never delays the thread that serves sessions
// (polls, paints). Main sees decoded messages arrive through kafka-worker-transport.ts.
import { parentPort, workerData } from 'node:worker_threads';
import winston from 'winston';
import TransportStream from 'winston-transport';
import type { Logger } from '../logging/logger';
import { decodeByRole } from '../../shared/wire';
import { KafkaTransport } from './kafka-transport';
import type { FromWorker, IngestedMessage, KafkaWorkerOptions, ToWorker } from './kafka-worker-protocol';

const port = parentPort;
if (!port) throw new Error('kafka-worker.ts runs only as a worker thread');

const post = (msg: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);

/** Sends each log record to main, whose logger writes it (files, rotation, levels). */
class ForwardToMain extends TransportStream {
  override log(info: { level: string; message: unknown; [key: string]: unknown }, next: () => void): void {
    const { level, message, ...meta } = info;
    const lvl = level === 'error' || level === 'warn' || level === 'info' ? level : 'debug';
    post({ type: 'log', level: lvl, message: String(message), meta: plain(meta) });
    next();
  }
}

/** Drops what structured clone cannot carry (symbols are skipped by it anyway; functions throw). */
function plain(meta: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(meta)) if (typeof v !== 'function') out[k] = v instanceof Error ? v.message : v;
  return out;
}

function forwardingLogger(): Logger {
  return winston.createLogger({ level: 'debug', transports: [new ForwardToMain()] });
}

const options = workerData as KafkaWorkerOptions;
const transport = new KafkaTransport({ ...options, logger: forwardingLogger() });
let lastHealth = '';

function flush(): void {
  const raw = transport.drain(Number.MAX_SAFE_INTEGER);
  const health = transport.health();
  const healthKey = `${health.state}\0${health.detail ?? ''}`;
  if (raw.length === 0) {
    if (healthKey !== lastHealth) post({ type: 'health', health });
    lastHealth = healthKey;
    return;
  }
  lastHealth = healthKey;
  const transfer = new Set<ArrayBuffer>();
  const messages: IngestedMessage[] = raw.map((m) => {
    // kafkajs hands out views into its fetch buffer: one copy here (off main) gives each
    // payload its own buffer, which then moves to main without another copy.
    const value = new Uint8Array(m.value);
    transfer.add(value.buffer as ArrayBuffer);
    const out: IngestedMessage = { ...m, value };
    try {
      out.decoded = decodeByRole(m.role, value);
      collectBuffers(out.decoded, transfer);
    } catch (err) {
      out.decodeError = err instanceof Error ? err.message : String(err);
    }
    return out;
  });
  post({ type: 'messages', messages, receivedAtMs: Date.now(), health, droppedInWorker: 0 }, [...transfer]);
}

/** Every typed array's buffer in a decoded message (decoding never aliases its input). */
function collectBuffers(value: unknown, into: Set<ArrayBuffer>, depth = 0): void {
  if (depth > 8 || value === null || typeof value !== 'object') return;
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === value.buffer.byteLength) into.add(value.buffer);
    return;
  }
  for (const v of Array.isArray(value) ? value : Object.values(value)) collectBuffers(v, into, depth + 1);
}

transport.onActivity(() => flush());

port.on('message', (msg: ToWorker) => {
  const reply = (p: Promise<unknown>): void => {
    p.then(
      () => post({ type: 'reply', id: msg.id, error: null }),
      (err: unknown) => post({ type: 'reply', id: msg.id, error: err instanceof Error ? err.message : String(err) }),
    );
  };
  switch (msg.type) {
    case 'start':
      reply(transport.start().finally(flush));
      break;
    case 'stop':
      reply(transport.stop().finally(flush));
      break;
    case 'send':
      reply(transport.send(msg.role, msg.value));
      break;
  }
});
