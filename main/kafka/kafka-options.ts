// Kafka connection settings from three sources, per field: CLI flags win over environment
// variables, which win over the config file. Pure apart from the CA-file check, which is
// injectable, so every rule here is unit-tested without a broker.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';
export type SecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';

export interface KafkaSslOptions {
  /** PEM file with the CA certificate(s) to trust instead of the system store. */
  caFile?: string;
  rejectUnauthorized?: boolean;
}

export interface KafkaSaslOptions {
  mechanism: SaslMechanism;
  username: string;
  password: string;
}

export interface KafkaConnectionOptions {
  bootstrap: string[];
  clientId: string;
  /** true = TLS with the system CAs; an object = TLS with these settings; absent = plaintext. */
  ssl?: KafkaSslOptions | boolean;
  sasl?: KafkaSaslOptions;
}

/**
 * CLI flags as parsed by node:util parseArgs (main/config/cli-options.ts `raw`):
 * --kafka, --kafka-ca, --kafka-sasl-mechanism, --kafka-sasl-username. Other keys are ignored.
 */
export type KafkaCliFlags = Readonly<Record<string, string | boolean | undefined>>;
export type KafkaEnv = Readonly<Record<string, string | undefined>>;

/** The `kafka:` section of the config file: the environment variables' names in camelCase. */
export const KafkaFileConfigSchema = z.strictObject({
  bootstrap: z.union([z.string(), z.array(z.string())]).optional(),
  securityProtocol: z.string().optional(),
  saslMechanism: z.string().optional(),
  saslUsername: z.string().optional(),
  saslPassword: z.string().optional(),
  caFile: z.string().optional(),
  /** File only: accept a broker certificate that does not verify (lab setups). */
  sslRejectUnauthorized: z.boolean().optional(),
  /** File only: the Kafka client id (default "livedata-desktop"). */
  clientId: z.string().optional(),
});
export type KafkaFileConfig = z.infer<typeof KafkaFileConfigSchema>;

/** The whole config file may hold other sections; only `kafka` is read here. */
const FileConfigSchema = z.looseObject({ kafka: KafkaFileConfigSchema.nullish() });

export class KafkaOptionsError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid Kafka settings:\n  - ${problems.join('\n  - ')}`);
    this.name = 'KafkaOptionsError';
  }
}

export interface ResolveKafkaDeps {
  /** Returns null when `file` can be read, else why not. Default: fs.accessSync(R_OK). */
  checkReadable?: (file: string) => string | null;
  /** Folder of the config file: a relative caFile from the file is taken relative to it. */
  fileConfigDir?: string;
}

export const DEFAULT_CLIENT_ID = 'livedata-desktop';

const SECURITY_PROTOCOLS: readonly SecurityProtocol[] = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'];
const SASL_MECHANISMS: readonly SaslMechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512'];

const SecurityProtocolSchema = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.enum(SECURITY_PROTOCOLS, { error: `unknown security protocol (expected ${SECURITY_PROTOCOLS.join(', ')})` }));

// Kafka spells mechanisms in upper case (SCRAM-SHA-256), kafkajs in lower case: accept both.
const SaslMechanismSchema = z
  .string()
  .transform((s) => s.trim().toLowerCase().replace(/_/g, '-'))
  .pipe(
    z.enum(SASL_MECHANISMS, {
      error: 'unknown SASL mechanism (expected PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512)',
    }),
  );

// host:port, where host may be a name, an IPv4 address or a bracketed IPv6 address.
const BrokerSchema = z
  .string()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):([0-9]{1,5})$/, { error: 'expected host:port' })
  .refine((s) => {
    const port = Number(s.slice(s.lastIndexOf(':') + 1));
    return port >= 1 && port <= 65535;
  }, { error: 'port out of range' });

interface Sourced<T> {
  value: T;
  /** How the user spells the source: "--kafka", "KAFKA_BOOTSTRAP", "config file kafka.bootstrap". */
  source: string;
}

function defaultCheckReadable(file: string): string | null {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    if (!fs.statSync(file).isFile()) return 'not a file';
    return null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? String(err);
  }
}

/**
 * Merges the Kafka settings. Returns null when no bootstrap server is configured anywhere
 * (the app then uses its demo backend); throws KafkaOptionsError listing every problem.
 */
export function resolveKafkaOptions(
  flags: KafkaCliFlags,
  env: KafkaEnv,
  fileConfig: unknown,
  deps: ResolveKafkaDeps = {},
): KafkaConnectionOptions | null {
  const problems: string[] = [];
  const checkReadable = deps.checkReadable ?? defaultCheckReadable;

  // The password is a secret: on the command line it would show in `ps` and shell history.
  for (const key of ['kafka-sasl-password', 'kafkaSaslPassword']) {
    if (flags[key] !== undefined) {
      problems.push(`--kafka-sasl-password is not accepted: set KAFKA_SASL_PASSWORD or kafka.saslPassword in the config file`);
    }
  }

  let file: KafkaFileConfig = {};
  if (fileConfig !== undefined && fileConfig !== null) {
    const parsed = FileConfigSchema.safeParse(fileConfig);
    if (parsed.success) file = parsed.data.kafka ?? {};
    else
      problems.push(
        ...parsed.error.issues.map((i) => `config file ${i.path.map(String).join('.') || '(top)'}: ${i.message}`),
      );
  }

  const flag = (name: string): Sourced<string> | undefined => {
    const v = flags[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      problems.push(`--${name}: needs a value`);
      return undefined;
    }
    return { value: v.trim(), source: `--${name}` };
  };
  const fromEnv = (name: string): Sourced<string> | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : { value: v.trim(), source: name };
  };
  const fromFile = <K extends keyof KafkaFileConfig>(key: K): Sourced<NonNullable<KafkaFileConfig[K]>> | undefined => {
    const v = file[key];
    return v === undefined || v === null || v === '' ? undefined : { value: v as NonNullable<KafkaFileConfig[K]>, source: `config file kafka.${key}` };
  };
  const pick = <T>(...candidates: Array<Sourced<T> | undefined>): Sourced<T> | undefined => candidates.find((c) => c !== undefined);

  const parse = <T>(schema: z.ZodType<T>, s: Sourced<unknown> | undefined): T | undefined => {
    if (!s) return undefined;
    const r = schema.safeParse(s.value);
    if (r.success) return r.data;
    problems.push(`${s.source}: ${r.error.issues[0]?.message ?? 'invalid'} (got "${String(s.value)}")`);
    return undefined;
  };

  // Bootstrap servers.
  const fileBootstrap = fromFile('bootstrap');
  const bootstrapSrc: Sourced<string> | undefined = pick(
    flag('kafka'),
    fromEnv('KAFKA_BOOTSTRAP'),
    fileBootstrap && {
      value: Array.isArray(fileBootstrap.value) ? fileBootstrap.value.join(',') : fileBootstrap.value,
      source: fileBootstrap.source,
    },
  );
  const caSrc = pick(flag('kafka-ca'), fromEnv('KAFKA_CA_FILE'), fromFile('caFile'));
  const mechSrc = pick(flag('kafka-sasl-mechanism'), fromEnv('KAFKA_SASL_MECHANISM'), fromFile('saslMechanism'));
  const userSrc = pick(flag('kafka-sasl-username'), fromEnv('KAFKA_SASL_USERNAME'), fromFile('saslUsername'));
  const passSrc = pick(fromEnv('KAFKA_SASL_PASSWORD'), fromFile('saslPassword'));
  const protoSrc = pick(fromEnv('KAFKA_SECURITY_PROTOCOL'), fromFile('securityProtocol'));
  const clientIdSrc = fromFile('clientId');
  const rejectSrc = fromFile('sslRejectUnauthorized');

  if (!bootstrapSrc) {
    // Kafka flags without --kafka are a mistake; stray environment or file settings are not.
    const orphan = ['kafka-ca', 'kafka-sasl-mechanism', 'kafka-sasl-username'].find((k) => flags[k] !== undefined);
    if (orphan) problems.push(`--${orphan} given without --kafka (or KAFKA_BOOTSTRAP): no broker to connect to`);
    if (problems.length > 0) throw new KafkaOptionsError(problems);
    return null;
  }

  const bootstrap: string[] = [];
  for (const entry of bootstrapSrc.value.split(',').map((s) => s.trim())) {
    if (entry === '') continue;
    const r = BrokerSchema.safeParse(entry);
    if (r.success) bootstrap.push(entry);
    else problems.push(`${bootstrapSrc.source}: "${entry}": ${r.error.issues[0]?.message ?? 'invalid'}`);
  }
  if (bootstrap.length === 0 && problems.length === 0) problems.push(`${bootstrapSrc.source}: no broker address`);

  const mechanism = parse(SaslMechanismSchema, mechSrc);
  const explicitProtocol = parse(SecurityProtocolSchema, protoSrc);

  // Without an explicit protocol: a CA file means TLS, any SASL setting means SASL.
  const wantsSasl = mechSrc !== undefined || userSrc !== undefined || passSrc !== undefined;
  const protocol: SecurityProtocol =
    explicitProtocol ?? ((wantsSasl ? 'SASL_' : '') + (caSrc ? 'SSL' : 'PLAINTEXT') as SecurityProtocol);
  const tls = protocol === 'SSL' || protocol === 'SASL_SSL';
  const sasl = protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';

  if (caSrc && !tls) problems.push(`${caSrc.source}: a CA file needs TLS, but the security protocol is ${protocol} (${protoSrc?.source ?? 'inferred'})`);
  if (!sasl) {
    for (const s of [mechSrc, userSrc, passSrc]) {
      if (s) problems.push(`${s.source}: SASL settings need a SASL security protocol, but it is ${protocol} (${protoSrc?.source ?? 'inferred'})`);
    }
  } else {
    if (!mechSrc) problems.push(`security protocol ${protocol} needs a SASL mechanism: --kafka-sasl-mechanism, KAFKA_SASL_MECHANISM or kafka.saslMechanism`);
    if (!userSrc) problems.push(`security protocol ${protocol} needs a SASL username: --kafka-sasl-username, KAFKA_SASL_USERNAME or kafka.saslUsername`);
    if (!passSrc) problems.push(`security protocol ${protocol} needs a SASL password: KAFKA_SASL_PASSWORD or kafka.saslPassword`);
  }

  let caFile: string | undefined;
  if (caSrc && tls) {
    caFile = caSrc.source.startsWith('config file') && deps.fileConfigDir ? path.resolve(deps.fileConfigDir, caSrc.value) : caSrc.value;
    const why = checkReadable(caFile);
    if (why) problems.push(`${caSrc.source}: CA file ${caFile} is not readable (${why})`);
  }
  if (rejectSrc && !tls) problems.push(`${rejectSrc.source}: only applies with TLS, but the security protocol is ${protocol}`);

  const clientId = clientIdSrc?.value.trim() || DEFAULT_CLIENT_ID;

  if (problems.length > 0) throw new KafkaOptionsError(problems);

  const result: KafkaConnectionOptions = { bootstrap, clientId };
  if (tls) {
    const ssl: KafkaSslOptions = {};
    if (caFile) ssl.caFile = caFile;
    if (rejectSrc) ssl.rejectUnauthorized = rejectSrc.value;
    result.ssl = Object.keys(ssl).length > 0 ? ssl : true;
  }
  if (sasl && mechanism && userSrc && passSrc) {
    result.sasl = { mechanism, username: userSrc.value, password: passSrc.value };
  }
  return result;
}

/** One line for logs and the status bar; never includes the password. */
export function describeKafkaOptions(o: KafkaConnectionOptions): string {
  const tls = o.ssl ? 'TLS' : 'plaintext';
  const auth = o.sasl ? `, SASL ${o.sasl.mechanism.toUpperCase()} as ${o.sasl.username}` : '';
  return `${o.bootstrap.join(',')} (${tls}${auth})`;
}
