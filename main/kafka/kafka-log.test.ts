import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import winston from 'winston';
import { logLevel, type LogEntry } from 'kafkajs';
import { createKafkaLogCreator } from './kafka-log';

function capture(level = 'debug') {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    objectMode: true,
    write(info: Record<string, unknown>, _enc, cb) {
      lines.push(info);
      cb();
    },
  });
  return { logger: winston.createLogger({ level, transports: [new winston.transports.Stream({ stream })] }), lines };
}

function entry(level: logLevel, namespace: string, message: string, extra: Record<string, unknown> = {}): LogEntry {
  return {
    namespace,
    level,
    label: logLevel[level],
    log: { timestamp: new Date().toISOString(), logger: 'kafkajs', message, ...extra },
  };
}

describe('createKafkaLogCreator', () => {
  test('maps levels, prefixes the namespace, keeps useful fields and drops stacks', () => {
    const { logger, lines } = capture();
    const log = createKafkaLogCreator(logger)(logLevel.INFO);
    log(entry(logLevel.ERROR, 'Connection', 'Connection error: connect ECONNREFUSED 127.0.0.1:9', { broker: '127.0.0.1:9', stack: 'Error\n    at x', clientId: 'c' }));
    log(entry(logLevel.WARN, 'Consumer', 'something odd'));
    log(entry(logLevel.INFO, 'Consumer', 'Starting', { groupId: 'g' }));
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['warn', 'kafkajs [Connection] Connection error: connect ECONNREFUSED 127.0.0.1:9'],
      ['warn', 'kafkajs [Consumer] something odd'],
      ['debug', 'kafkajs [Consumer] Starting'],
    ]);
    expect(lines[0].broker).toBe('127.0.0.1:9');
    expect(lines[0].stack).toBeUndefined();
    expect(lines[2].groupId).toBe('g');
  });

  test('repeats within the window are counted and reported with the next line after it', () => {
    const { logger, lines } = capture();
    let now = 0;
    const seenByTap: string[] = [];
    const log = createKafkaLogCreator(logger, { now: () => now, repeatWindowMs: 1000, tap: (e) => seenByTap.push(e.log.message) })(logLevel.INFO);
    for (let i = 0; i < 50; i++) {
      now += 10;
      // Numbers differ between otherwise identical lines: still one key.
      log(entry(logLevel.ERROR, 'Consumer', `Restarting the consumer in ${i * 100}ms`));
    }
    expect(lines).toHaveLength(1);
    now += 1000;
    log(entry(logLevel.ERROR, 'Consumer', 'Restarting the consumer in 300ms'));
    expect(lines).toHaveLength(2);
    expect(lines[1].repeated).toBe(49);
    expect(seenByTap).toHaveLength(51); // the tap sees everything
  });

  test('lines below the logger level cost nothing and are not written', () => {
    const { logger, lines } = capture('info');
    const log = createKafkaLogCreator(logger)(logLevel.INFO);
    log(entry(logLevel.INFO, 'Consumer', 'Starting'));
    expect(lines).toEqual([]);
  });
});
