// Opens a recording (main/record/recording-format.ts) and indexes it once, front to back, with
// progress: where every chunk is, and per message its time, chunk and "state key" (a data
// result key, a job, a service). Seeking then needs no scan: for each key, a binary search in
// its own message list names the chunk holding its latest message at or before the target,
// and only those chunks are read (main/replay/replay-player.ts).
//
// The walk reads MCAP records itself rather than trusting the summary at the end, so a file
// cut short (a crash, a full disk) or damaged in the middle indexes up to the damage and plays
// that part; the damage is reported once. Unchunked MCAP files (other writers) work too.
import fs from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import * as zstd from '@foxglove/wasm-zstd';
import { FlatbufferReader } from '../../shared/wire/flatbuffer-reader';
import { decodeHeartbeat } from '../../shared/wire/status';
import { parseResultKey } from '../../shared/wire/result-key';
import type { ConsumedRole } from '../transport/transport';
import { metadataFromMap, nsToMs, parseChannelMetadata, RECORDING_METADATA_NAME, type RecordingMetadata } from '../record/recording-format';

const MAGIC = new Uint8Array([0x89, 0x4d, 0x43, 0x41, 0x50, 0x30, 0x0d, 0x0a]); // \x89MCAP0\r\n
const OP = { header: 1, footer: 2, schema: 3, channel: 4, message: 5, chunk: 6, metadata: 12, dataEnd: 15 } as const;
/** Unchunked messages are grouped into pseudo-chunks of about this size. */
const LOOSE_GROUP_BYTES = 1024 * 1024;
const utf8 = new TextDecoder();

export class RecordingError extends Error {
  override name = 'RecordingError';
}

export interface RecordedChannel {
  id: number;
  topic: string;
  role: ConsumedRole;
  partition: number;
  offsetBase: bigint;
}

export interface ChunkRef {
  /** File position and length of the (possibly compressed) record stream. */
  start: number;
  length: number;
  compression: string;
  uncompressedSize: number;
  /** 0 = not checked. */
  crc: number;
  /** Global index of the chunk's first message. */
  firstMessage: number;
  messageCount: number;
}

export type StateKeyKind = 'data' | 'job' | 'service';

export interface StateKey {
  kind: StateKeyKind;
  /** Result key text (data), "<source>/<job_number>" (job) or the service id. */
  id: string;
  /** The job a data key or job key belongs to. */
  jobNumber: string | null;
  /** Global indices of its messages, in file order. */
  messages: Uint32Array;
}

export interface RecordedMessage {
  channel: RecordedChannel;
  sequence: number;
  logTimeNs: bigint;
  publishTimeNs: bigint;
  data: Uint8Array;
}

export interface IndexProgress {
  bytesRead: number;
  totalBytes: number;
}

class Growable<T extends Uint32Array | Int32Array | Float64Array> {
  arr: T;
  length = 0;
  constructor(private readonly make: (n: number) => T) {
    this.arr = make(1024);
  }
  push(v: number): void {
    if (this.length === this.arr.length) {
      const next = this.make(this.arr.length * 2);
      next.set(this.arr);
      this.arr = next;
    }
    this.arr[this.length++] = v;
  }
  done(): T {
    return this.arr.subarray(0, this.length) as T;
  }
}

export class RecordingIndex {
  private handle: fs.FileHandle | null;
  private readonly cache = new Map<number, RecordedMessage[]>();

  private constructor(
    readonly file: string,
    readonly size: number,
    handle: fs.FileHandle,
    readonly channels: ReadonlyMap<number, RecordedChannel>,
    readonly metadata: RecordingMetadata | null,
    readonly chunks: readonly ChunkRef[],
    /** Per message: log (receive) time in ms, never decreasing (a clock step back is flattened). */
    readonly timeMs: Float64Array,
    readonly chunkOf: Uint32Array,
    readonly keys: readonly StateKey[],
    /** Why the walk stopped before the end of the data, or null for a whole file. */
    readonly damage: string | null,
    readonly payloadBytes: number,
  ) {
    this.handle = handle;
  }

  get messageCount(): number {
    return this.timeMs.length;
  }

  get startMs(): number {
    return this.timeMs.length ? this.timeMs[0] : 0;
  }

  get endMs(): number {
    return this.timeMs.length ? this.timeMs[this.timeMs.length - 1] : 0;
  }

  /** The instrument: from the metadata record, else from the topic names ("<instrument>_livedata_data"). */
  get instrument(): string | null {
    if (this.metadata?.instrument) return this.metadata.instrument;
    for (const c of this.channels.values()) {
      const m = /^(.+)_livedata_(data|heartbeat|responses)$/.exec(c.topic);
      if (m) return m[1];
    }
    return null;
  }

  /** Index of the first message after time `ms` (messages.length if none). */
  firstAfter(ms: number): number {
    let lo = 0;
    let hi = this.timeMs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeMs[mid] <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The latest message of `key` at or before message index `before` (exclusive), or -1. */
  latestOf(key: StateKey, before: number): number {
    const m = key.messages;
    let lo = 0;
    let hi = m.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (m[mid] < before) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? m[lo - 1] : -1;
  }

  /** One message by its global index (reads and caches its chunk). */
  async message(i: number): Promise<RecordedMessage> {
    const c = this.chunkOf[i];
    const list = await this.chunk(c);
    return list[i - this.chunks[c].firstMessage];
  }

  /** The messages of one chunk, in file order. */
  async chunk(c: number): Promise<RecordedMessage[]> {
    const hit = this.cache.get(c);
    if (hit) {
      this.cache.delete(c); // LRU: re-insert as newest
      this.cache.set(c, hit);
      return hit;
    }
    if (!this.handle) throw new RecordingError(`${this.file} is closed`);
    const ref = this.chunks[c];
    const raw = await readAt(this.handle, ref.start, ref.length);
    const records = decompress(ref, raw, this.file);
    const out: RecordedMessage[] = [];
    forEachRecord(records, 0, (op, body) => {
      if (op !== OP.message) return;
      const m = parseMessage(body);
      const channel = this.channels.get(m.channelId);
      if (channel) out.push({ channel, sequence: m.sequence, logTimeNs: m.logTime, publishTimeNs: m.publishTime, data: m.data });
    });
    this.cache.set(c, out);
    while (this.cache.size > 8) this.cache.delete(this.cache.keys().next().value!);
    return out;
  }

  async close(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    this.cache.clear();
    await h?.close();
  }

  /**
   * Indexes `file`. Throws RecordingError (naming the file) for what cannot be replayed at all:
   * not MCAP, no Livedata channels, nothing before the damage. A damaged tail is not an error:
   * the index ends there and `damage` says why.
   */
  static async open(file: string, onProgress?: (p: IndexProgress) => void, signal?: { cancelled: boolean }): Promise<RecordingIndex> {
    await zstd.isLoaded;
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(file, 'r');
    } catch (err) {
      throw new RecordingError(`Cannot open recording ${file}: ${(err as Error).message}`);
    }
    try {
      return await walk(file, handle, onProgress, signal);
    } catch (err) {
      await handle.close().catch(() => undefined);
      throw err;
    }
  }
}

async function readAt(handle: fs.FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === length ? buf : buf.subarray(0, got);
}

function decompress(ref: ChunkRef, raw: Uint8Array, file: string): Uint8Array {
  if (raw.byteLength < ref.length) throw new RecordingError(`${file}: chunk at ${ref.start} is cut short`);
  let out: Uint8Array;
  if (ref.compression === '') out = raw;
  else if (ref.compression === 'zstd') out = zstd.decompress(raw, ref.uncompressedSize);
  else throw new RecordingError(`${file}: chunk compression "${ref.compression}" is not supported (zstd or none)`);
  if (out.byteLength !== ref.uncompressedSize) throw new RecordingError(`${file}: chunk at ${ref.start} decompressed to ${out.byteLength} bytes, expected ${ref.uncompressedSize}`);
  if (ref.crc !== 0 && crc32(out) !== ref.crc) throw new RecordingError(`${file}: chunk at ${ref.start} fails its CRC check`);
  return out;
}

// ---- MCAP record parsing (the spec's binary layout: little-endian, u32-length strings) ----------

class Cursor {
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array, public pos = 0) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number): void {
    if (this.pos + n > this.bytes.byteLength) throw new RecordingError(`record ends early (needs ${n} bytes at ${this.pos} of ${this.bytes.byteLength})`);
  }
  u16(): number { this.need(2); const v = this.view.getUint16(this.pos, true); this.pos += 2; return v; }
  u32(): number { this.need(4); const v = this.view.getUint32(this.pos, true); this.pos += 4; return v; }
  u64(): bigint { this.need(8); const v = this.view.getBigUint64(this.pos, true); this.pos += 8; return v; }
  u64n(): number {
    const v = this.u64();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RecordingError(`length ${v} is out of range`);
    return Number(v);
  }
  bytesU32(): Uint8Array { const n = this.u32(); this.need(n); const b = this.bytes.subarray(this.pos, this.pos + n); this.pos += n; return b; }
  str(): string { return utf8.decode(this.bytesU32()); }
  map(): Map<string, string> {
    const n = this.u32();
    this.need(n);
    const end = this.pos + n;
    const m = new Map<string, string>();
    while (this.pos < end) m.set(this.str(), this.str());
    return m;
  }
}

function forEachRecord(bytes: Uint8Array, start: number, fn: (op: number, body: Uint8Array) => void): void {
  const c = new Cursor(bytes, start);
  while (c.pos < bytes.byteLength) {
    c.need(9);
    const op = bytes[c.pos++];
    const len = c.u64n();
    c.need(len);
    fn(op, bytes.subarray(c.pos, c.pos + len));
    c.pos += len;
  }
}

function parseMessage(body: Uint8Array): { channelId: number; sequence: number; logTime: bigint; publishTime: bigint; data: Uint8Array } {
  const c = new Cursor(body);
  const channelId = c.u16();
  const sequence = c.u32();
  const logTime = c.u64();
  const publishTime = c.u64();
  return { channelId, sequence, logTime, publishTime, data: body.subarray(c.pos) };
}

interface ChannelRecord { id: number; schemaId: number; topic: string; metadata: Map<string, string> }

function parseChannel(body: Uint8Array): ChannelRecord {
  const c = new Cursor(body);
  const id = c.u16();
  const schemaId = c.u16();
  const topic = c.str();
  c.str(); // message encoding
  return { id, schemaId, topic, metadata: c.map() };
}

/** Our channel, from its metadata or (other writers) from the topic name; null = not ours. */
function ourChannel(rec: ChannelRecord): RecordedChannel | null {
  const info = parseChannelMetadata(rec.topic, rec.metadata);
  if (info) return { id: rec.id, ...info };
  const m = /_livedata_(data|heartbeat|responses)$/.exec(rec.topic);
  return m ? { id: rec.id, topic: rec.topic, role: m[1] as ConsumedRole, partition: 0, offsetBase: 0n } : null;
}

/** The key a message keeps state under, for seeking; null = no state (acks, undecodable). */
function stateKeyOf(role: ConsumedRole, data: Uint8Array): { kind: StateKeyKind; id: string; jobNumber: string | null } | null {
  try {
    if (role === 'data') {
      const r = new FlatbufferReader(data, 'da00');
      const id = r.requiredString(r.root('DataArray'), 0, 'source_name');
      let jobNumber: string | null = null;
      try {
        jobNumber = parseResultKey(id).jobId.jobNumber;
      } catch {
        // not a result key: the pump will reject it too; still seekable by its name
      }
      return { kind: 'data', id, jobNumber };
    }
    if (role === 'heartbeat') {
      const { status } = decodeHeartbeat(data);
      if (status.kind === 'job') return { kind: 'job', id: `${status.jobId.sourceName}/${status.jobId.jobNumber}`, jobNumber: status.jobId.jobNumber };
      return { kind: 'service', id: status.serviceId, jobNumber: null };
    }
  } catch {
    // malformed: replayed as is (the pump counts it), but it holds no state
  }
  return null;
}

async function walk(file: string, handle: fs.FileHandle, onProgress?: (p: IndexProgress) => void, signal?: { cancelled: boolean }): Promise<RecordingIndex> {
  const size = (await handle.stat()).size;
  const head = await readAt(handle, 0, 8);
  if (head.byteLength < 8 || !MAGIC.every((b, i) => head[i] === b)) {
    throw new RecordingError(`${file} is not an MCAP recording (it does not start with the MCAP magic bytes)`);
  }
  const allChannels = new Map<number, ChannelRecord>();
  const channels = new Map<number, RecordedChannel>();
  let metadata: RecordingMetadata | null = null;
  const chunks: ChunkRef[] = [];
  const timeMs = new Growable((n) => new Float64Array(n));
  const chunkOf = new Growable((n) => new Uint32Array(n));
  const keyIds = new Map<string, number>();
  const keys: { kind: StateKeyKind; id: string; jobNumber: string | null; messages: Growable<Uint32Array> }[] = [];
  let lastTime = -Infinity;
  let payloadBytes = 0;
  let damage: string | null = null;
  let loose: ChunkRef | null = null;
  let lastProgress = 0;

  const addChannel = (rec: ChannelRecord): void => {
    allChannels.set(rec.id, rec);
    const ours = ourChannel(rec);
    if (ours) channels.set(rec.id, ours);
  };

  const addMessages = (records: Uint8Array, chunkIndex: number, ref: ChunkRef): void => {
    forEachRecord(records, 0, (op, body) => {
      if (op === OP.channel) addChannel(parseChannel(body));
      if (op !== OP.message) return;
      const m = parseMessage(body);
      const channel = channels.get(m.channelId);
      if (!channel) return;
      const index = timeMs.length;
      const t = Math.max(lastTime, nsToMs(m.logTime));
      lastTime = t;
      timeMs.push(t);
      chunkOf.push(chunkIndex);
      ref.messageCount++;
      payloadBytes += m.data.byteLength;
      const key = stateKeyOf(channel.role, m.data);
      if (!key) return;
      const name = `${key.kind}\0${key.id}`;
      let k = keyIds.get(name);
      if (k === undefined) {
        keyIds.set(name, (k = keys.length));
        keys.push({ ...key, messages: new Growable((n) => new Uint32Array(n)) });
      }
      keys[k].messages.push(index);
    });
  };

  const closeLoose = async (): Promise<void> => {
    if (!loose) return;
    const ref = loose;
    loose = null;
    ref.uncompressedSize = ref.length;
    ref.firstMessage = timeMs.length;
    const index = chunks.length;
    chunks.push(ref);
    addMessages(await readAt(handle, ref.start, ref.length), index, ref);
  };

  let pos = 8;
  try {
    for (;;) {
      if (signal?.cancelled) throw new RecordingError(`indexing ${file} was cancelled`);
      if (pos + 9 > size) {
        damage = pos === size ? 'the file ends without an MCAP footer' : `the file ends inside a record at byte ${pos}`;
        break;
      }
      const hdr = await readAt(handle, pos, 9);
      const op = hdr[0];
      const len = Number(new DataView(hdr.buffer, hdr.byteOffset, 9).getBigUint64(1, true));
      const bodyStart = pos + 9;
      if (!Number.isSafeInteger(len) || bodyStart + len > size) {
        damage = `the file is cut short inside a record at byte ${pos} (of ${size})`;
        break;
      }
      if (op === OP.dataEnd || op === OP.footer) break;
      if (op === OP.message || op === OP.schema || op === OP.channel) {
        // Unchunked records: group them into pseudo-chunks so seeking stays chunk-sized.
        if (op === OP.channel) addChannel(parseChannel(await readAt(handle, bodyStart, len)));
        if (!loose) loose = { start: pos, length: 0, compression: '', uncompressedSize: 0, crc: 0, firstMessage: 0, messageCount: 0 };
        loose.length = bodyStart + len - loose.start;
        if (loose.length >= LOOSE_GROUP_BYTES) await closeLoose();
      } else {
        await closeLoose();
        if (op === OP.chunk) {
          const body = await readAt(handle, bodyStart, len);
          const c = new Cursor(body);
          c.u64(); // message start time
          c.u64(); // message end time
          const uncompressedSize = c.u64n();
          const crc = c.u32();
          const compression = c.str();
          const recordsLength = c.u64n();
          c.need(recordsLength);
          const ref: ChunkRef = { start: bodyStart + c.pos, length: recordsLength, compression, uncompressedSize, crc, firstMessage: timeMs.length, messageCount: 0 };
          let records: Uint8Array;
          try {
            records = decompress(ref, body.subarray(c.pos, c.pos + recordsLength), file);
          } catch (err) {
            damage = `a damaged chunk at byte ${pos}: ${(err as Error).message}`;
            break;
          }
          const index = chunks.length;
          chunks.push(ref);
          try {
            addMessages(records, index, ref);
          } catch (err) {
            damage = `a damaged chunk at byte ${pos}: ${(err as Error).message}`;
            break;
          }
        } else if (op === OP.metadata) {
          const c = new Cursor(await readAt(handle, bodyStart, len));
          const name = c.str();
          if (name === RECORDING_METADATA_NAME) metadata = metadataFromMap(c.map());
        }
        // header, indexes, attachments, statistics: the walk needs none of them
      }
      pos = bodyStart + len;
      if (onProgress && (pos - lastProgress > 4 * 1024 * 1024 || pos >= size)) {
        lastProgress = pos;
        onProgress({ bytesRead: pos, totalBytes: size });
      }
    }
    await closeLoose();
  } catch (err) {
    if (err instanceof RecordingError && /cancelled/.test(err.message)) throw err;
    damage = `damage at byte ${pos}: ${(err as Error).message}`;
  }
  onProgress?.({ bytesRead: size, totalBytes: size });
  if (channels.size === 0) {
    const topics = [...new Set([...allChannels.values()].map((c) => c.topic))];
    throw new RecordingError(
      damage && allChannels.size === 0
        ? `${file} has no readable Livedata data (${damage})`
        : `${file} has no Livedata channels${topics.length ? ` (its topics: ${topics.slice(0, 5).join(', ')}${topics.length > 5 ? ', …' : ''})` : ''}`,
    );
  }
  if (timeMs.length === 0 && damage) throw new RecordingError(`${file} has no readable messages (${damage})`);
  return new (RecordingIndex as unknown as new (...args: unknown[]) => RecordingIndex)(
    file, size, handle, channels, metadata, chunks, timeMs.done(), chunkOf.done(),
    keys.map((k) => ({ kind: k.kind, id: k.id, jobNumber: k.jobNumber, messages: k.messages.done() })),
    damage, payloadBytes,
  );
}
