// The inspector on a recording (.mcap, main/record/recording-format.ts): one summary line
// (instrument, times, channels, damage), then one line per message with its Kafka position,
// receive and Kafka times, and the decoded payload — the same description as for live topics.
import { RecordingIndex } from '../../replay/recording-index';
import { describeError, describePayload, hintForTopic, type Json } from './describe';

export interface RecordingInspectOptions {
  topic: string | null;
  count: number | null;
  full: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Prints `file`; resolves with the number of payloads that did not decode (or throws RecordingError). */
export async function inspectRecording(file: string, opts: RecordingInspectOptions, emit: (line: Record<string, Json>) => void): Promise<number> {
  const index = await RecordingIndex.open(file);
  try {
    const perChannel = new Map<number, number>();
    for (let c = 0; c < index.chunks.length; c++) {
      for (const m of await index.chunk(c)) perChannel.set(m.channel.id, (perChannel.get(m.channel.id) ?? 0) + 1);
    }
    const meta = index.metadata;
    emit({
      file,
      recording: {
        instrument: index.instrument,
        app_version: meta?.appVersion ?? null,
        source: meta?.source ?? null,
        start: index.messageCount ? iso(index.startMs) : null,
        end: index.messageCount ? iso(index.endMs) : null,
        duration_s: Math.round((index.endMs - index.startMs) / 100) / 10,
        messages: index.messageCount,
        payload_bytes: index.payloadBytes,
        chunks: index.chunks.length,
        dropped_while_recording: meta ? Number(meta.dropped) : null,
        channels: [...index.channels.values()].map((c) => ({ id: c.id, topic: c.topic, role: c.role, partition: c.partition, messages: perChannel.get(c.id) ?? 0 })),
        damage: index.damage,
      },
    });
    let printed = 0;
    let rejected = 0;
    for (let c = 0; c < index.chunks.length; c++) {
      for (const m of await index.chunk(c)) {
        if (opts.topic !== null && m.channel.topic !== opts.topic) continue;
        if (opts.count !== null && printed >= opts.count) return rejected;
        printed++;
        const where = {
          file, topic: m.channel.topic, partition: m.channel.partition, offset: (m.channel.offsetBase + BigInt(m.sequence)).toString(),
          receive_time: m.logTimeNs.toString(), kafka_timestamp: m.publishTimeNs.toString(),
        };
        try {
          emit({ ...where, ...describePayload(m.data, hintForTopic(m.channel.topic), { full: opts.full }) });
        } catch (e) {
          emit({ ...where, error: describeError(e) });
          rejected++;
        }
      }
    }
    return rejected;
  } finally {
    await index.close();
  }
}
