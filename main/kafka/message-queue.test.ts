import { describe, expect, test } from 'vitest';
import type { ConsumedRole, RawMessage } from '../transport/transport';
import { MessageQueue } from './message-queue';

let offset = 0;
function msg(role: ConsumedRole, size = 10, tag = ''): RawMessage {
  return {
    role,
    topic: `x_livedata_${role}`,
    partition: 0,
    offset: String(offset++),
    timestampMs: 0,
    value: new Uint8Array(size).fill(tag.charCodeAt(0) || 0),
  };
}

describe('MessageQueue', () => {
  test('drains in arrival order across roles, at most max at a time', () => {
    const q = new MessageQueue();
    const input = [msg('data'), msg('heartbeat'), msg('data'), msg('responses'), msg('data')];
    for (const m of input) q.push(m);
    const a = q.drain(2);
    const b = q.drain(10);
    expect([...a, ...b]).toEqual(input);
    expect(a).toHaveLength(2);
    expect(q.drain(10)).toEqual([]);
    expect(q.drain(0)).toEqual([]);
  });

  test('over the count limit the oldest data goes first; heartbeats and responses are never dropped', () => {
    const q = new MessageQueue({ maxMessages: 3, maxBytes: 1e9 });
    const hb = msg('heartbeat');
    const resp = msg('responses');
    const d = [msg('data'), msg('data'), msg('data'), msg('data'), msg('data')];
    q.push(d[0]);
    q.push(hb);
    q.push(d[1]);
    q.push(resp);
    let dropped = 0;
    for (const m of d.slice(2)) dropped += q.push(m);
    expect(dropped).toBe(2);
    expect(q.drain(100)).toEqual([hb, resp, d[2], d[3], d[4]]);
    expect(q.stats()).toMatchObject({ queued: 0, queuedDataBytes: 0, droppedData: 2, droppedDataBytes: 20 });
  });

  test('over the byte limit the oldest data goes first, but one oversized message is kept', () => {
    const q = new MessageQueue({ maxMessages: 1000, maxBytes: 100 });
    q.push(msg('data', 60));
    q.push(msg('data', 30));
    expect(q.stats().queuedDataBytes).toBe(90);
    const big = msg('data', 500);
    expect(q.push(big)).toBe(2);
    expect(q.drain(10)).toEqual([big]);
  });

  test('control messages are unbounded', () => {
    const q = new MessageQueue({ maxMessages: 1, maxBytes: 1 });
    for (let i = 0; i < 5000; i++) q.push(msg('heartbeat'));
    expect(q.length).toBe(5000);
    expect(q.stats().droppedData).toBe(0);
  });

  test('stays correct across internal compaction (many pushes and drains)', () => {
    const q = new MessageQueue({ maxMessages: 500, maxBytes: 1e9 });
    let expectNext = -1;
    let seen = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 300; i++) q.push(msg(i % 7 === 0 ? 'heartbeat' : 'data'));
      for (const m of q.drain(250)) {
        const o = Number(m.offset);
        expect(o).toBeGreaterThan(expectNext);
        expectNext = o;
        seen++;
      }
    }
    seen += q.drain(1e6).length;
    expect(seen + q.stats().droppedData).toBe(50 * 300);
  });
});
