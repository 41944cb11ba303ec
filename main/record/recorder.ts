// Records consumed messages into MCAP files (format: ./recording-format.ts). The transport's
// tap only pushes onto a bounded queue, so recording never slows the live pipeline; one writer
// loop drains it. When the disk cannot keep up the queue fills and messages are dropped and
// counted (shown in the recording section); a failing write (disk full) stops the recording,
// cuts the file back to its last whole record and closes it with a DataEnd and Footer, so the
// file stays readable. Files rotate by size and by time.
import path from 'node:path';
import { McapRecordBuilder, McapWriter } from '@mcap/core';
import * as zstd from '@foxglove/wasm-zstd';
import type { Logger } from '../logging/logger';
import type { ConsumedRole, RawMessage } from '../transport/transport';
import { openFileSink, type FileSink, type OpenSink } from './file-sink';
import {
  appVersion, channelMetadata, MCAP_LIBRARY, MCAP_PROFILE, metadataToMap, msToNs, RECORDING_METADATA_NAME, SCHEMA_BY_ROLE, schemaData,
} from './recording-format';

export interface RecorderOptions {
  /** The first file; rotated files get ".2", ".3"... before ".mcap". */
  out: string;
  instrument: string;
  /** The source's description ("kafka host:9092", "demo (dummy)"). */
  source: string;
  topics: Record<ConsumedRole, string>;
  logger: Logger;
  /** Rotate to a new file beyond this many bytes (null: never). */
  maxFileBytes?: number | null;
  /** Rotate to a new file after this long (null: never). */
  maxFileDurationMs?: number | null;
  /** Bounded write queue: beyond either limit, new messages are dropped and counted. */
  queueLimitBytes?: number;
  queueLimitMessages?: number;
  /** Uncompressed chunk size: the unit of compression and of seeking on replay. */
  chunkSize?: number;
  zstdLevel?: number;
  /** Test hook: where bytes go (default: a new file on disk). */
  openSink?: OpenSink;
  /** Test hook: the wall clock. */
  now?: () => number;
}

export type RecorderState = 'recording' | 'stopping' | 'stopped' | 'failed';

export interface RecorderStatus {
  state: RecorderState;
  /** The file being written now (or last written). */
  file: string;
  /** Every file of this recording, in order. */
  files: string[];
  startedAtMs: number;
  elapsedMs: number;
  messages: number;
  /** Bytes on disk over all files, plus what sits in the current chunk. */
  bytes: number;
  dropped: number;
  error: string | null;
}

interface Pending {
  msg: RawMessage;
  receivedAtMs: number;
}

interface OpenFile {
  sink: FileSink;
  writer: McapWriter;
  startedAtMs: number;
  schemas: Map<ConsumedRole, number>;
  /** Per "topic\0partition": channel id and the offset its sequence counts from. */
  channels: Map<string, { id: number; base: bigint; seq: number }>;
}

const DEFAULTS = {
  queueLimitBytes: 256 * 1024 * 1024,
  queueLimitMessages: 50_000,
  chunkSize: 1024 * 1024,
  zstdLevel: 3,
};
const UINT32 = 2n ** 32n;

export class Recorder {
  private readonly queue: Pending[] = [];
  private queueHead = 0;
  private queueBytes = 0;
  private file: OpenFile | null = null;
  private readonly files: string[] = [];
  private bytesClosed = 0;
  private messages = 0;
  private dropped = 0;
  private state: RecorderState = 'recording';
  private error: string | null = null;
  private loop: Promise<void> | null = null;
  private readonly startedAtMs: number;
  private endedAtMs: number | null = null;
  private readonly now: () => number;
  private readonly opts: Required<Pick<RecorderOptions, 'queueLimitBytes' | 'queueLimitMessages' | 'chunkSize' | 'zstdLevel'>> & RecorderOptions;
  private readonly listeners = new Set<() => void>();
  private version = 1;

  private constructor(options: RecorderOptions) {
    this.opts = { ...DEFAULTS, ...options };
    this.now = options.now ?? Date.now;
    this.startedAtMs = this.now();
  }

  /** Opens the first file; the recorder then accepts messages through `tap`. */
  static async start(options: RecorderOptions): Promise<Recorder> {
    await zstd.isLoaded;
    const r = new Recorder(options);
    await r.openNext();
    options.logger.info('recording started', { file: options.out, source: options.source });
    return r;
  }

  /** The transport tap: O(1), never waits for the disk. */
  readonly tap = (msg: RawMessage, receivedAtMs: number): void => {
    if (this.state !== 'recording') return;
    const size = msg.value.byteLength;
    if (this.queue.length - this.queueHead >= this.opts.queueLimitMessages || (this.queueBytes + size > this.opts.queueLimitBytes && this.queueBytes > 0)) {
      this.dropped++;
      this.bump();
      return;
    }
    this.queue.push({ msg, receivedAtMs });
    this.queueBytes += size;
    this.kick();
  };

  private kick(): void {
    if (this.loop) return;
    this.loop = this.drainQueue().finally(() => {
      this.loop = null;
      // A message queued while the loop was winding down (after its last check) must not wait for the next tap.
      if (this.queueHead < this.queue.length && (this.state === 'recording' || this.state === 'stopping')) this.kick();
    });
  }

  status(): RecorderStatus {
    const end = this.endedAtMs ?? this.now();
    return {
      state: this.state,
      file: this.file?.sink.path ?? this.files[this.files.length - 1] ?? this.opts.out,
      files: [...this.files],
      startedAtMs: this.startedAtMs,
      elapsedMs: end - this.startedAtMs,
      messages: this.messages,
      bytes: this.bytesClosed + (this.file ? this.file.sink.committed() : 0),
      dropped: this.dropped,
      error: this.error,
    };
  }

  /** Bumped when the state, the file or the drop count changed (counters move every message). */
  get statusVersion(): number {
    return this.version;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes what is queued, closes the file with its index and summary; resolves when done. */
  async stop(): Promise<RecorderStatus> {
    if (this.state === 'recording') {
      this.state = 'stopping';
      this.bump();
    }
    while (this.loop) await this.loop;
    if (this.state === 'stopping') {
      try {
        await this.closeFile();
        this.state = 'stopped';
      } catch (err) {
        await this.fail(err);
      }
      this.endedAtMs = this.now();
      this.opts.logger.info('recording stopped', { files: this.files, messages: this.messages, dropped: this.dropped });
      this.bump();
    }
    return this.status();
  }

  private async drainQueue(): Promise<void> {
    let sinceYield = 0;
    while (this.queueHead < this.queue.length && (this.state === 'recording' || this.state === 'stopping')) {
      const item = this.queue[this.queueHead];
      this.queue[this.queueHead++] = undefined as unknown as Pending;
      this.queueBytes -= item.msg.value.byteLength;
      if (this.queueHead > 4096 && this.queueHead * 2 > this.queue.length) {
        this.queue.splice(0, this.queueHead);
        this.queueHead = 0;
      }
      try {
        await this.write(item);
      } catch (err) {
        await this.fail(err);
        return;
      }
      // Compressing a chunk is synchronous: give the pump its turn now and then.
      if (++sinceYield >= 256) {
        sinceYield = 0;
        await new Promise((r) => setImmediate(r));
      }
    }
  }

  private async write({ msg, receivedAtMs }: Pending): Promise<void> {
    let f = this.file!;
    const { maxFileBytes, maxFileDurationMs } = this.opts;
    if ((maxFileBytes != null && f.sink.committed() >= maxFileBytes) || (maxFileDurationMs != null && receivedAtMs - f.startedAtMs >= maxFileDurationMs)) {
      await this.closeFile();
      await this.openNext();
      f = this.file!;
    }
    const channel = await this.channelFor(f, msg);
    await f.writer.addMessage({
      channelId: channel.id,
      sequence: channel.seq,
      logTime: msToNs(receivedAtMs),
      publishTime: msToNs(msg.timestampMs),
      data: msg.value,
    });
    this.messages++;
  }

  private async channelFor(f: OpenFile, msg: RawMessage): Promise<{ id: number; base: bigint; seq: number }> {
    const key = `${msg.topic}\0${msg.partition}`;
    let offset: bigint;
    try {
      offset = BigInt(msg.offset);
    } catch {
      offset = 0n;
    }
    const known = f.channels.get(key);
    if (known) {
      const seq = offset - known.base;
      if (seq >= 0n && seq < UINT32) {
        known.seq = Number(seq);
        return known;
      }
    }
    // First message of this topic+partition, or an offset the 32-bit sequence cannot express
    // (a rewind, or 4 G messages): a new channel with its own base keeps offsets exact.
    let schemaId = f.schemas.get(msg.role);
    if (schemaId === undefined) {
      const spec = SCHEMA_BY_ROLE[msg.role];
      schemaId = await f.writer.registerSchema({ name: spec.name, encoding: spec.encoding, data: schemaData(msg.role) });
      f.schemas.set(msg.role, schemaId);
    }
    const id = await f.writer.registerChannel({
      topic: msg.topic,
      schemaId,
      messageEncoding: SCHEMA_BY_ROLE[msg.role].messageEncoding,
      metadata: channelMetadata({ topic: msg.topic, role: msg.role, partition: msg.partition, offsetBase: offset }),
    });
    const channel = { id, base: offset, seq: 0 };
    f.channels.set(key, channel);
    return channel;
  }

  private fileName(index: number): string {
    if (index === 0) return this.opts.out;
    const ext = path.extname(this.opts.out) || '.mcap';
    const stem = this.opts.out.slice(0, this.opts.out.length - path.extname(this.opts.out).length);
    return `${stem}.${index + 1}${ext}`;
  }

  private async openNext(): Promise<void> {
    const name = this.fileName(this.files.length);
    const sink = await (this.opts.openSink ?? openFileSink)(name);
    const level = this.opts.zstdLevel;
    const writer = new McapWriter({
      writable: sink,
      chunkSize: this.opts.chunkSize,
      compressChunk: (data) => ({ compression: 'zstd', compressedData: zstd.compress(data, level) }),
    });
    this.files.push(name);
    this.file = { sink, writer, startedAtMs: this.now(), schemas: new Map(), channels: new Map() };
    await writer.start({ profile: MCAP_PROFILE, library: `${MCAP_LIBRARY} ${appVersion()}` });
    // Metadata at the start too: a file cut short by a crash still names its instrument.
    await writer.addMetadata({ name: RECORDING_METADATA_NAME, metadata: this.metadata('') });
    this.bump();
  }

  private metadata(endTime: string): Map<string, string> {
    const t = this.opts.topics;
    return metadataToMap({
      instrument: this.opts.instrument,
      appVersion: appVersion(),
      topics: [t.data, t.heartbeat, t.responses],
      startTime: new Date(this.file?.startedAtMs ?? this.startedAtMs).toISOString(),
      endTime,
      source: this.opts.source,
      dropped: String(this.dropped),
    });
  }

  private async closeFile(): Promise<void> {
    const f = this.file;
    if (!f) return;
    await f.writer.addMetadata({ name: RECORDING_METADATA_NAME, metadata: this.metadata(new Date(this.now()).toISOString()) });
    await f.writer.end();
    this.bytesClosed += f.sink.committed();
    this.file = null;
    await f.sink.close();
  }

  /**
   * A write failed (disk full, device gone): stop, and leave a readable file — cut back to the
   * last whole write, then DataEnd + Footer (no summary: readers stream it).
   */
  private async fail(err: unknown): Promise<void> {
    const code = (err as { code?: string }).code;
    const f = this.file;
    const file = f?.sink.path ?? this.opts.out;
    const reason = code === 'ENOSPC' ? 'the disk is full' : err instanceof Error ? err.message : String(err);
    this.error = `Recording stopped: ${reason} (writing ${file}); the file holds what was written before.`;
    this.state = 'failed';
    this.endedAtMs = this.now();
    this.queue.length = 0;
    this.queueHead = 0;
    this.queueBytes = 0;
    this.opts.logger.error('recording failed', { file, error: err instanceof Error ? err.message : String(err), code, messages: this.messages });
    if (f) {
      this.file = null;
      try {
        await f.sink.truncate(f.sink.committed());
        const b = new McapRecordBuilder();
        b.writeDataEnd({ dataSectionCrc: 0 });
        b.writeFooter({ summaryStart: 0n, summaryOffsetStart: 0n, summaryCrc: 0 });
        b.writeMagic();
        await f.sink.write(b.buffer);
      } catch (closeErr) {
        this.opts.logger.warn('could not close the failed recording cleanly; readers will see it as truncated', { file, error: String(closeErr) });
      }
      this.bytesClosed += f.sink.committed();
      await f.sink.close().catch(() => undefined);
    }
    this.bump();
  }

  private bump(): void {
    this.version++;
    for (const l of this.listeners) l();
  }
}

/** A default file name: livedata-<instrument>-<UTC date-time>.mcap. */
export function defaultRecordingName(instrument: string, atMs: number = Date.now()): string {
  const t = new Date(atMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-');
  return `livedata-${instrument}-${t}.mcap`;
}
