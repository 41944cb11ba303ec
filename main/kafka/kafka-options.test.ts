import { describe, expect, test } from 'vitest';
import { describeKafkaOptions, KafkaOptionsError, resolveKafkaOptions, type ResolveKafkaDeps } from './kafka-options';

const readable: ResolveKafkaDeps = { checkReadable: () => null };

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof KafkaOptionsError) return err.problems;
    throw err;
  }
  throw new Error('expected a KafkaOptionsError');
}

describe('resolveKafkaOptions', () => {
  test('nothing configured: null (the app uses its demo backend)', () => {
    expect(resolveKafkaOptions({}, {}, undefined)).toBeNull();
    expect(resolveKafkaOptions({}, {}, { other: { section: 1 } })).toBeNull();
    expect(resolveKafkaOptions({}, {}, { kafka: null })).toBeNull();
  });

  test('plaintext from the flag, with the default client id', () => {
    expect(resolveKafkaOptions({ kafka: 'broker1:9092, broker2:9093' }, {}, {})).toEqual({
      bootstrap: ['broker1:9092', 'broker2:9093'],
      clientId: 'livedata-desktop',
    });
  });

  test('flags win over env, env wins over the file, field by field', () => {
    const o = resolveKafkaOptions(
      { kafka: 'flag:1', 'kafka-sasl-username': 'flag-user' },
      { KAFKA_BOOTSTRAP: 'env:2', KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'env-user', KAFKA_SECURITY_PROTOCOL: 'sasl_ssl' },
      { kafka: { bootstrap: ['file:3'], saslMechanism: 'PLAIN', saslPassword: 'file-secret', securityProtocol: 'PLAINTEXT', clientId: 'wall-1' } },
      readable,
    );
    expect(o).toEqual({
      bootstrap: ['flag:1'],
      clientId: 'wall-1',
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'flag-user', password: 'file-secret' },
    });
  });

  test('env alone: SASL_SSL with a CA file, password from KAFKA_SASL_PASSWORD', () => {
    const env = {
      KAFKA_BOOTSTRAP: 'kafka.example.org:9093',
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
      KAFKA_SASL_USERNAME: 'dash',
      KAFKA_SASL_PASSWORD: 's3cret',
      KAFKA_CA_FILE: '/etc/ssl/kafka-ca.pem',
    };
    expect(resolveKafkaOptions({}, env, undefined, readable)).toEqual({
      bootstrap: ['kafka.example.org:9093'],
      clientId: 'livedata-desktop',
      ssl: { caFile: '/etc/ssl/kafka-ca.pem' },
      sasl: { mechanism: 'scram-sha-256', username: 'dash', password: 's3cret' },
    });
  });

  test('file alone, bootstrap as a list; a relative caFile is taken relative to the file', () => {
    const o = resolveKafkaOptions(
      {},
      {},
      { kafka: { bootstrap: ['a:1', 'b:2'], caFile: 'certs/ca.pem', sslRejectUnauthorized: false } },
      { ...readable, fileConfigDir: '/home/op/.config/livedata' },
    );
    expect(o).toEqual({
      bootstrap: ['a:1', 'b:2'],
      clientId: 'livedata-desktop',
      ssl: { caFile: '/home/op/.config/livedata/certs/ca.pem', rejectUnauthorized: false },
    });
  });

  test('protocol inferred when not given: a CA means TLS, SASL settings mean SASL', () => {
    expect(resolveKafkaOptions({ kafka: 'h:1', 'kafka-ca': '/ca.pem' }, {}, {}, readable)?.ssl).toEqual({ caFile: '/ca.pem' });
    const o = resolveKafkaOptions(
      { kafka: 'h:1', 'kafka-sasl-mechanism': 'plain', 'kafka-sasl-username': 'u' },
      { KAFKA_SASL_PASSWORD: 'p' },
      {},
    );
    expect(o?.ssl).toBeUndefined();
    expect(o?.sasl).toEqual({ mechanism: 'plain', username: 'u', password: 'p' });
  });

  test('IPv6 bootstrap addresses in brackets are accepted', () => {
    expect(resolveKafkaOptions({ kafka: '[::1]:9092' }, {}, {})?.bootstrap).toEqual(['[::1]:9092']);
  });

  test('unknown SASL mechanism: says which source and what is accepted', () => {
    expect(problemsOf(() => resolveKafkaOptions({ kafka: 'h:1', 'kafka-sasl-mechanism': 'GSSAPI' }, { KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, {}))).toEqual([
      '--kafka-sasl-mechanism: unknown SASL mechanism (expected PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512) (got "GSSAPI")',
    ]);
  });

  test('unknown security protocol', () => {
    const p = problemsOf(() => resolveKafkaOptions({}, { KAFKA_BOOTSTRAP: 'h:1', KAFKA_SECURITY_PROTOCOL: 'TLS' }, {}));
    expect(p).toEqual(['KAFKA_SECURITY_PROTOCOL: unknown security protocol (expected PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL) (got "TLS")']);
  });

  test('CA file unreadable', () => {
    const p = problemsOf(() =>
      resolveKafkaOptions({ kafka: 'h:1', 'kafka-ca': '/nope/ca.pem' }, {}, {}, { checkReadable: () => 'ENOENT' }),
    );
    expect(p).toEqual(['--kafka-ca: CA file /nope/ca.pem is not readable (ENOENT)']);
  });

  test('CA file check uses the real file system by default', () => {
    const p = problemsOf(() => resolveKafkaOptions({ kafka: 'h:1', 'kafka-ca': '/definitely/not/here.pem' }, {}, {}));
    expect(p[0]).toMatch(/^--kafka-ca: CA file \/definitely\/not\/here.pem is not readable \(ENOENT\)$/);
    expect(problemsOf(() => resolveKafkaOptions({ kafka: 'h:1', 'kafka-ca': '/' }, {}, {}))[0]).toMatch(/not readable \(not a file\)/);
  });

  test('SASL protocol without mechanism, username or password lists all three', () => {
    const p = problemsOf(() => resolveKafkaOptions({}, { KAFKA_BOOTSTRAP: 'h:1', KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT' }, {}));
    expect(p).toHaveLength(3);
    expect(p[0]).toMatch(/needs a SASL mechanism/);
    expect(p[1]).toMatch(/needs a SASL username/);
    expect(p[2]).toMatch(/needs a SASL password: KAFKA_SASL_PASSWORD or kafka.saslPassword/);
  });

  test('contradictions: SASL settings with a non-SASL protocol, a CA with PLAINTEXT', () => {
    const p = problemsOf(() =>
      resolveKafkaOptions(
        { kafka: 'h:1', 'kafka-ca': '/ca.pem', 'kafka-sasl-username': 'u' },
        { KAFKA_SECURITY_PROTOCOL: 'PLAINTEXT' },
        {},
        readable,
      ),
    );
    expect(p).toEqual([
      '--kafka-ca: a CA file needs TLS, but the security protocol is PLAINTEXT (KAFKA_SECURITY_PROTOCOL)',
      '--kafka-sasl-username: SASL settings need a SASL security protocol, but it is PLAINTEXT (KAFKA_SECURITY_PROTOCOL)',
    ]);
  });

  test('the password is never taken from the command line', () => {
    const p = problemsOf(() => resolveKafkaOptions({ kafka: 'h:1', 'kafka-sasl-password': 'oops' }, {}, {}));
    expect(p[0]).toMatch(/--kafka-sasl-password is not accepted: set KAFKA_SASL_PASSWORD/);
  });

  test('bad bootstrap entries', () => {
    expect(problemsOf(() => resolveKafkaOptions({ kafka: 'h:1,nohostport,h:99999' }, {}, {}))).toEqual([
      '--kafka: "nohostport": expected host:port',
      '--kafka: "h:99999": port out of range',
    ]);
    expect(problemsOf(() => resolveKafkaOptions({ kafka: ' , ' }, {}, {}))).toEqual(['--kafka: no broker address']);
    expect(problemsOf(() => resolveKafkaOptions({ kafka: true }, {}, {}))).toEqual(['--kafka: needs a value']);
  });

  test('Kafka flags without a bootstrap are an error; stray env settings are not', () => {
    expect(problemsOf(() => resolveKafkaOptions({ 'kafka-ca': '/ca.pem' }, {}, {}))).toEqual([
      '--kafka-ca given without --kafka (or KAFKA_BOOTSTRAP): no broker to connect to',
    ]);
    expect(resolveKafkaOptions({}, { KAFKA_SASL_USERNAME: 'u' }, {})).toBeNull();
  });

  test('config file: unknown keys and wrong types are reported with their path', () => {
    const p = problemsOf(() => resolveKafkaOptions({}, {}, { kafka: { bootstrap: 'h:1', sslRejectUnauthorized: 'no', bogus: 1 } }));
    expect(p).toHaveLength(2);
    expect(p.some((x) => x.startsWith('config file kafka.sslRejectUnauthorized:'))).toBe(true);
    expect(p.some((x) => x.startsWith('config file kafka:') && x.includes('bogus'))).toBe(true);
  });

  test('empty values count as unset, so a lower-priority source still applies', () => {
    expect(resolveKafkaOptions({}, { KAFKA_BOOTSTRAP: '  ' }, { kafka: { bootstrap: 'file:1' } })?.bootstrap).toEqual(['file:1']);
  });

  test('KafkaOptionsError message lists every problem', () => {
    try {
      resolveKafkaOptions({}, { KAFKA_BOOTSTRAP: 'h:1', KAFKA_SECURITY_PROTOCOL: 'X', KAFKA_SASL_MECHANISM: 'Y' }, {});
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(KafkaOptionsError);
      expect((err as Error).message).toMatch(/^invalid Kafka settings:\n {2}- KAFKA_SASL_MECHANISM: .*\n {2}- KAFKA_SECURITY_PROTOCOL: /);
    }
  });
});

describe('describeKafkaOptions', () => {
  test('never shows the password', () => {
    const text = describeKafkaOptions({
      bootstrap: ['a:1', 'b:2'],
      clientId: 'x',
      ssl: true,
      sasl: { mechanism: 'scram-sha-256', username: 'dash', password: 'hunter2' },
    });
    expect(text).toBe('a:1,b:2 (TLS, SASL SCRAM-SHA-256 as dash)');
    expect(text).not.toContain('hunter2');
  });
});
