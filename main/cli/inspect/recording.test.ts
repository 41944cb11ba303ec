import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';
import type { Json } from './describe';
import { inspectRecording } from './recording';

const DEMO = path.resolve(__dirname, '../../../resources/recordings/demo.mcap');

async function lines(file: string, topic: string | null, count: number | null): Promise<Record<string, Json>[]> {
  const out: Record<string, Json>[] = [];
  await inspectRecording(file, { topic, count, full: false }, (l) => out.push(l));
  return out;
}

describe('inspector on recordings', () => {
  it('accepts --topic and --count with .mcap files only', () => {
    expect(parseArgs(['r.mcap', '--topic', 'dummy_livedata_data', '--count', '3'])).toMatchObject({ files: ['r.mcap'], topic: 'dummy_livedata_data', count: 3 });
    expect(() => parseArgs(['payload.bin', '--topic', 't'])).toThrow(/--topic needs --kafka/);
  });

  it('prints a summary of the shipped demo recording, then its messages decoded, filtered by topic and count', async () => {
    const out = await lines(DEMO, 'dummy_livedata_data', 3);
    expect(out).toHaveLength(4);
    const summary = out[0].recording as Record<string, Json>;
    expect(summary).toMatchObject({ instrument: 'dummy', damage: null });
    expect(summary.duration_s).toBeGreaterThan(45);
    expect((summary.channels as { topic: string }[]).map((c) => c.topic).sort()).toEqual(['dummy_livedata_data', 'dummy_livedata_heartbeat']);
    for (const l of out.slice(1)) {
      expect(l).toMatchObject({ topic: 'dummy_livedata_data', partition: 0, schema: 'da00' });
      expect(String(l.offset)).toMatch(/^\d+$/);
      expect(String(l.receive_time)).toMatch(/^\d{19}$/);
      expect(l.error).toBeUndefined();
    }
  });

  it('names the file that is not a recording', async () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'livedata-insp-')), 'x.mcap');
    fs.writeFileSync(f, 'nope');
    await expect(lines(f, null, null)).rejects.toThrow(/x\.mcap is not an MCAP recording/);
    fs.rmSync(path.dirname(f), { recursive: true });
  });
});
