import { describe, expect, it } from 'vitest';
import { parseAppOptions } from './cli-options';

describe('app options', () => {
  it('defaults to the demo instrument on loopback port 5009 with auto-start', () => {
    expect(parseAppOptions([], {})).toMatchObject({ instrument: 'dummy', kafka: null, port: 5009, host: '127.0.0.1', autoStart: true, token: null });
  });

  it('reads flags, with environment fallbacks for Kafka and the token', () => {
    const o = parseAppOptions(['--port', '0', '--no-auto-start', '--instrument', 'dream'], { KAFKA_BOOTSTRAP: 'k:9092', LIVEDATA_TOKEN: 't' });
    expect(o).toMatchObject({ port: 0, autoStart: false, instrument: 'dream', kafka: 'k:9092', token: 't' });
    expect(parseAppOptions(['--kafka', 'a:1'], { KAFKA_BOOTSTRAP: 'k:9092' }).kafka).toBe('a:1');
  });

  it('refuses unknown flags and bad ports in strict mode, ignores foreign switches in Electron mode', () => {
    expect(() => parseAppOptions(['--bogus'], {})).toThrow();
    expect(() => parseAppOptions(['--port', 'x'], {})).toThrow(/port/);
    const o = parseAppOptions(['/opt/app', '.', '--remote-debugging-port=0', '--port', '6000'], {}, true);
    expect(o.port).toBe(6000);
  });
});
