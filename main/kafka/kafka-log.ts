// Routes kafkajs's own log lines into our winston logger. kafkajs logs every failed
// connection attempt as ERROR, so an outage would flood the log: identical lines are
// rate-limited, and kafkajs ERROR/WARN become our "warn" because the transport itself
// reports what matters (health changes) at the right level. Stacks are dropped.
import { logLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { Logger } from '../logging/logger';

export interface KafkaLogOptions {
  /** Identical lines within this window are counted, not written (default 30 s). */
  repeatWindowMs?: number;
  /** Sees every entry before filtering (the transport reads connection errors from it). */
  tap?: (entry: LogEntry) => void;
  now?: () => number;
}

type WinstonLevel = 'error' | 'warn' | 'info' | 'debug';

function levelFor(level: logLevel): WinstonLevel | null {
  switch (level) {
    case logLevel.ERROR:
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
    case logLevel.DEBUG:
      return 'debug';
    default:
      return null;
  }
}

// Fields worth keeping from kafkajs's log payloads; the rest (stack, timestamps, big
// assignment objects) only adds noise.
const KEPT_FIELDS = ['broker', 'topic', 'partition', 'groupId', 'error', 'retryCount', 'retryTime', 'duration'] as const;

const MAX_KEYS = 500;

export function createKafkaLogCreator(logger: Logger, opts: KafkaLogOptions = {}): logCreator {
  const windowMs = opts.repeatWindowMs ?? 30_000;
  const now = opts.now ?? Date.now;
  // key -> first time written in the current window, and how many were suppressed since
  const seen = new Map<string, { at: number; suppressed: number }>();

  return () => (entry: LogEntry) => {
    opts.tap?.(entry);
    const level = levelFor(entry.level);
    if (!level || !logger.isLevelEnabled(level)) return;

    const log = entry.log as unknown as Record<string, unknown>;
    const message = typeof log.message === 'string' ? log.message : '';
    // Numbers vary between otherwise identical lines ("retrying in 300ms", ports, ids).
    const key = `${entry.namespace}|${message.replace(/\d+/g, '#')}|${String(log.error ?? '').replace(/\d+/g, '#')}`;
    const t = now();
    const prev = seen.get(key);
    if (prev && t - prev.at < windowMs) {
      prev.suppressed++;
      return;
    }
    const meta: Record<string, unknown> = {};
    for (const f of KEPT_FIELDS) if (log[f] !== undefined) meta[f] = log[f];
    if (prev && prev.suppressed > 0) meta.repeated = prev.suppressed;
    seen.delete(key);
    seen.set(key, { at: t, suppressed: 0 });
    if (seen.size > MAX_KEYS) {
      const oldest = seen.keys().next();
      if (!oldest.done) seen.delete(oldest.value);
    }
    logger.log(level, `kafkajs [${entry.namespace}] ${message}`, meta);
  };
}
