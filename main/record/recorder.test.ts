import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { McapIndexedReader, McapStreamReader } from '@mcap/core';
import * as zstd from '@foxglove/wasm-zstd';
import { encodeDa00, makeVariable } from '../../shared/wire/da00';
import { silentLogger } from '../logging/logger';
import { topicsFor, type RawMessage } from '../transport/transport';
import { RecordingIndex } from '../replay/recording-index';
import { openFileSink, type FileSink } from './file-sink';
import { Recorder } from './recorder';
import { metadataFromMap, RECORDING_METADATA_NAME } from './recording-format';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'livedata-rec-'));
  dirs.push(d);
  return d;
}

const topics = topicsFor('dummy');
const key = (n: number) => `{"workflow_id":{"instrument":"dummy","namespace":"data_reduction","name":"w","version":1},"job_id":{"source_name":"s","job_number":"j"},"output_name":"o${n % 3}"}`;

function dataMessage(i: number, bytes = 64): RawMessage {
  return {
    role: 'data', topic: topics.data, partition: 0, offset: String(1000 + i), timestampMs: 1_700_000_000_000 + i,
    value: encodeDa00({ sourceName: key(i), timestamp: 0n, variables: [makeVariable('signal', new Float64Array(bytes / 8).fill(i), { axes: ['x'], shape: [bytes / 8] })] }),
  };
}

function readable(file: string) {
  const fd = fs.openSync(file, 'r');
  return {
    size: async () => BigInt(fs.fstatSync(fd).size),
    read: async (offset: bigint, size: bigint) => {
      const b = Buffer.alloc(Number(size));
      fs.readSync(fd, b, 0, Number(size), Number(offset));
      return b;
    },
  };
}

describe('recorder', () => {
  it('writes a chunked, compressed, indexed MCAP that @mcap/core reads back with schemas, metadata and exact offsets', async () => {
    const out = path.join(tmp(), 'r.mcap');
    const rec = await Recorder.start({ out, instrument: 'dummy', source: 'test', topics, logger: silentLogger(), chunkSize: 4096 });
    for (let i = 0; i < 200; i++) rec.tap(dataMessage(i), 1_700_000_000_500 + i);
    // An offset beyond the 32-bit sequence starts a new channel that keeps it exact.
    rec.tap({ ...dataMessage(200), offset: '99999999999' }, 1_700_000_001_000);
    const status = await rec.stop();
    expect(status).toMatchObject({ state: 'stopped', messages: 201, dropped: 0, error: null });

    await zstd.isLoaded;
    const reader = await McapIndexedReader.Initialize({ readable: readable(out), decompressHandlers: { zstd: (buf, size) => zstd.decompress(buf, Number(size)) } });
    expect(reader.chunkIndexes.length).toBeGreaterThan(1);
    expect(reader.chunkIndexes.every((c) => c.compression === 'zstd' && c.messageIndexOffsets.size > 0)).toBe(true);
    const schemas = [...reader.schemasById.values()];
    expect(schemas).toHaveLength(1);
    expect(schemas[0]).toMatchObject({ name: 'da00_DataArray', encoding: 'flatbuffer' });
    expect(Buffer.from(schemas[0].data).subarray(4, 8).toString()).toBe('BFBS');
    expect([...reader.channelsById.values()].map((c) => [c.topic, c.messageEncoding, c.metadata.get('offset_base')])).toEqual([
      [topics.data, 'flatbuffer', '1000'], [topics.data, 'flatbuffer', '99999999999'],
    ]);
    expect(reader.statistics?.messageCount).toBe(201n);
    const metas = [];
    for await (const m of reader.readMetadata({ name: RECORDING_METADATA_NAME })) metas.push(metadataFromMap(m.metadata));
    expect(metas.at(-1)).toMatchObject({ instrument: 'dummy', topics: [topics.data, topics.heartbeat, topics.responses], source: 'test' });
    expect(metas.at(-1)!.endTime).not.toBe('');
    const msgs = [];
    for await (const m of reader.readMessages()) msgs.push(m);
    expect(msgs).toHaveLength(201);
    expect(Buffer.from(msgs[5].data).equals(Buffer.from(dataMessage(5).value))).toBe(true);
    expect(msgs[5].publishTime).toBe(1_700_000_000_005_000_000n); // the Kafka timestamp
    expect(msgs[5].logTime).toBe(1_700_000_000_505_000_000n); // the receive time

    const index = await RecordingIndex.open(out);
    expect(index.damage).toBeNull();
    expect(index.messageCount).toBe(201);
    const m = await index.message(200);
    expect(m.channel.offsetBase + BigInt(m.sequence)).toBe(99999999999n);
    const m7 = await index.message(7);
    expect((m7.channel.offsetBase + BigInt(m7.sequence)).toString()).toBe('1007');
    expect(index.keys.filter((k) => k.kind === 'data')).toHaveLength(3);
    await index.close();
  });

  it('rotates to a new file by size', async () => {
    const out = path.join(tmp(), 'rot.mcap');
    const rec = await Recorder.start({ out, instrument: 'dummy', source: 'test', topics, logger: silentLogger(), chunkSize: 2048, maxFileBytes: 8000, zstdLevel: 1 });
    for (let i = 0; i < 300; i++) rec.tap(dataMessage(i, 512), 1_700_000_000_000 + i);
    const status = await rec.stop();
    expect(status.files.length).toBeGreaterThan(1);
    expect(status.files[1]).toBe(out.replace(/\.mcap$/, '.2.mcap'));
    let total = 0;
    for (const f of status.files) {
      const idx = await RecordingIndex.open(f);
      expect(idx.damage).toBeNull();
      total += idx.messageCount;
      await idx.close();
    }
    expect(total).toBe(300);
  });

  it('counts drops when the write queue is full instead of blocking the tap', async () => {
    const out = path.join(tmp(), 'q.mcap');
    const rec = await Recorder.start({ out, instrument: 'dummy', source: 'test', topics, logger: silentLogger(), queueLimitMessages: 10 });
    for (let i = 0; i < 100; i++) rec.tap(dataMessage(i), 1_700_000_000_000 + i); // a synchronous burst: the writer takes one, then waits
    const status = await rec.stop();
    expect(status.dropped).toBe(89);
    expect(status.messages).toBe(11);
  });

  it('a full disk stops the recording with a clear error and leaves a readable file', async () => {
    const out = path.join(tmp(), 'full.mcap');
    let budget = 20_000;
    // A sink that behaves like a disk with `budget` bytes left: the failing write lands partly.
    const openSink = async (p: string): Promise<FileSink> => {
      const real = await openFileSink(p);
      return {
        ...real,
        async write(buffer: Uint8Array) {
          if (buffer.byteLength > budget) {
            fs.appendFileSync(p, buffer.subarray(0, budget));
            budget = 0;
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          }
          budget -= buffer.byteLength;
          await real.write(buffer);
        },
        async truncate(size: number) {
          budget += fs.statSync(p).size - size; // cutting the partial write frees its space
          await real.truncate(size);
        },
      };
    };
    const rec = await Recorder.start({ out, instrument: 'dummy', source: 'test', topics, logger: silentLogger(), chunkSize: 2048, openSink });
    for (let i = 0; i < 400; i++) rec.tap(dataMessage(i, 256), 1_700_000_000_000 + i);
    const status = await rec.stop();
    expect(status.state).toBe('failed');
    expect(status.error).toMatch(/disk is full.*full\.mcap/);
    // Readable: a stream reader gets through to the footer without an error.
    const reader = new McapStreamReader({ decompressHandlers: { zstd: (buf, size) => zstd.decompress(buf, Number(size)) } });
    reader.append(fs.readFileSync(out));
    let messages = 0;
    for (let r; (r = reader.nextRecord());) if (r.type === 'Message') messages++;
    expect(reader.done()).toBe(true);
    expect(messages).toBeGreaterThan(10);
    const index = await RecordingIndex.open(out);
    expect(index.messageCount).toBe(messages);
    await index.close();
  });
});
