import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSecondLaunch, type RunningIdentity } from './second-launch';

const demo: RunningIdentity = { instrument: 'dummy', kafka: null, replay: null };
const live: RunningIdentity = { instrument: 'dream', kafka: 'broker-a:9092,broker-b:9092', replay: null };
// Electron's argv of a second launch: the binary, maybe the app path, Chromium switches.
const argv = (...args: string[]): string[] => ['/opt/Livedata Desktop/livedata-desktop', '--no-sandbox', ...args];

describe('second launch', () => {
  it('opens a window on the named tab, kiosk, arrangement or recording (relative to its folder)', () => {
    expect(planSecondLaunch(demo, argv('--tab', 'system'), '/home/op')).toEqual({ kind: 'open', tab: 'system', kiosk: false, arrangement: null, recording: null });
    expect(planSecondLaunch(demo, argv('--arrangement', 'wall.yaml', '--kiosk'), '/home/op')).toMatchObject({ arrangement: path.resolve('/home/op/wall.yaml'), kiosk: true });
    expect(planSecondLaunch(live, argv('runs/r1.mcap'), '/data')).toMatchObject({ kind: 'open', recording: path.resolve('/data/runs/r1.mcap') });
    expect(planSecondLaunch(demo, argv(), '/')).toMatchObject({ kind: 'open', tab: null });
  });

  it('accepts the same instrument and data source named again', () => {
    expect(planSecondLaunch(live, argv('--instrument', 'dream', '--kafka', 'broker-b:9092, broker-a:9092'), '/').kind).toBe('open');
    expect(planSecondLaunch(demo, argv('--instrument=dummy'), '/').kind).toBe('open');
  });

  it('refuses another instrument, another Kafka or another replay source, saying what runs', () => {
    const other = planSecondLaunch(live, argv('--instrument', 'loki'), '/');
    expect(other).toEqual({ kind: 'refuse', message: expect.stringMatching(/already running for dream on Kafka broker-a:9092,broker-b:9092\. It cannot also open instrument loki\. Quit it first/) });
    expect(planSecondLaunch(demo, argv('--kafka', 'k:9092'), '/')).toMatchObject({ kind: 'refuse', message: expect.stringMatching(/demo data source\. It cannot also connect to Kafka at k:9092/) });
    expect(planSecondLaunch(live, argv('--kafka', 'other:9092'), '/').kind).toBe('refuse');
    expect(planSecondLaunch(demo, argv('--replay', 'x.mcap'), '/tmp')).toMatchObject({ kind: 'refuse', message: expect.stringContaining(path.resolve('/tmp/x.mcap')) });
  });

  it('refuses options it cannot understand instead of guessing', () => {
    expect(planSecondLaunch(demo, argv('--log-level', 'verbose'), '/')).toMatchObject({ kind: 'refuse', message: expect.stringMatching(/not understood: --log-level/) });
  });
});
