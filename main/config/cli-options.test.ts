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

  it('refuses unknown option values with a message naming the option and the allowed values', () => {
    expect(() => parseAppOptions(['--log-level', 'verbose'], {})).toThrow(/--log-level: unknown level 'verbose' \(use one of: error, warn, info, debug\)/);
    expect(() => parseAppOptions([], { LIVEDATA_LOG_LEVEL: 'silly' })).toThrow(/--log-level/);
    expect(() => parseAppOptions(['--port', '65536'], {})).toThrow(/--port: '65536' is not a port number \(0-65535\)/);
    expect(() => parseAppOptions(['--port', '-1'], {})).toThrow(/--port/);
    expect(() => parseAppOptions(['--port', '1e3'], {})).toThrow(/--port/);
    expect(() => parseAppOptions(['--port', ' 80'], {})).toThrow(/--port/);
    expect(() => parseAppOptions(['--host', ''], {})).toThrow(/--host/);
    expect(() => parseAppOptions(['--instrument', ''], {})).toThrow(/--instrument: empty/);
    expect(parseAppOptions(['--log-level', 'debug'], {}).logLevel).toBe('debug');
  });

  it('reads the desktop options, and a recording named as a plain argument only in Electron mode', () => {
    const o = parseAppOptions(['/opt/app', '--arrangement', 'wall.yaml', '--tab', 'system', '--kiosk', '/data/run 12.MCAP'], {}, true);
    expect(o).toMatchObject({ arrangement: 'wall.yaml', tab: 'system', kiosk: true, recordingArg: '/data/run 12.MCAP' });
    expect(parseAppOptions([], {})).toMatchObject({ arrangement: null, tab: null, kiosk: false, recordingArg: null });
    expect(() => parseAppOptions(['x.mcap'], {})).toThrow();
  });
});
