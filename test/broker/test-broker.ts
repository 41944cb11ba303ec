// Starts a Kafka-protocol broker for integration tests: librdkafka's mock cluster via
// our tiny launcher (mock-broker.c), or the external broker named by KAFKA_BOOTSTRAP.
// See README.md for what the mock supports and the limits we measured.
import { spawn, execFile, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Kafka, logLevel } from 'kafkajs';

export interface TestBrokerOptions {
  /** Topics to create, each "name" or "name:partitions". */
  topics: string[];
  /** Fixed port of the first broker (further brokers use port+1...); 0/undefined = ephemeral. */
  port?: number;
  /** Number of mock brokers (default 1). */
  brokers?: number;
  /** Default partition count of the listed topics (default 1). */
  partitions?: number;
  /**
   * Per-partition log size the mock keeps, in bytes. Default 1 GiB; 0 keeps the stock
   * 5 MiB limit, under which a batch larger than ~5 MiB never reaches a consumer.
   */
  partitionLogBytes?: number;
  /** librdkafka debug output (mock) on stderr. */
  verbose?: boolean;
}

export interface TestBroker {
  /** "host:port[,host:port...]" */
  bootstrap: string;
  /** True when KAFKA_BOOTSTRAP named the broker: down()/up() are not available. */
  external: boolean;
  /** Why down()/up() cannot work here, or null when they can (for test skip messages). */
  outageUnsupportedReason: string | null;
  /** Closes all connections and stops listening: clients get ECONNREFUSED. State is kept. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** Stops the broker. Safe to call twice. */
  stop(): Promise<void>;
}

export class ExternalBrokerError extends Error {
  constructor(what: string, bootstrap: string) {
    super(`${what} is not supported on external broker (KAFKA_BOOTSTRAP=${bootstrap})`);
    this.name = 'ExternalBrokerError';
  }
}

/** The repository root, whether this runs from source (vitest) or compiled (dist/node/...). */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'test', 'broker', 'mock-broker.c'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`cannot find test/broker/mock-broker.c above ${start}`);
  }
}
const repoRoot = findRepoRoot(__dirname);
const sourcePath = path.join(repoRoot, 'test', 'broker', 'mock-broker.c');
const binaryPath = path.join(repoRoot, '.cache', 'mock-broker');
const MOCK_HEADER = '/usr/include/librdkafka/rdkafka_mock.h';
const INSTALL_HINT = 'install librdkafka-dev (apt-get install -y librdkafka-dev)';

function execFileText(cmd: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8' }, (err, stdout, stderr) => {
      // A missing executable comes back as code "ENOENT": report it like a shell would (127).
      const code = err ? (typeof err.code === 'number' ? err.code : err.code === 'ENOENT' ? 127 : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}`.trim() });
    });
  });
}

let building: Promise<string> | null = null;

/** Compiles mock-broker.c into .cache/mock-broker unless an up-to-date binary exists. */
export function ensureMockBrokerBinary(): Promise<string> {
  building ??= buildBinary().finally(() => {
    building = null;
  });
  return building;
}

async function buildBinary(): Promise<string> {
  const srcTime = fs.statSync(sourcePath).mtimeMs;
  const binTime = fs.existsSync(binaryPath) ? fs.statSync(binaryPath).mtimeMs : -1;
  if (binTime >= srcTime) return binaryPath;
  await compileMockBroker(binaryPath);
  return binaryPath;
}

/** Compiles mock-broker.c to `output` (with $CC or cc); errors say what to install. */
export async function compileMockBroker(output: string, cc: string = process.env.CC ?? 'cc'): Promise<void> {
  fs.mkdirSync(path.dirname(output), { recursive: true });
  // Build to a private name, then rename: parallel test workers may build at once.
  const tmp = `${output}.${process.pid}.tmp`;
  const res = await execFileText(cc, ['-O2', '-Wall', '-o', tmp, sourcePath, '-lrdkafka', '-ldl']);
  if (res.code !== 0) {
    fs.rmSync(tmp, { force: true });
    if (res.code === 127 || /ENOENT/.test(res.output))
      throw new Error(`cannot build the mock Kafka broker: no C compiler "${cc}" (apt-get install -y gcc).\n${res.output}`);
    const missingLib = !fs.existsSync(MOCK_HEADER) || /rdkafka(_mock)?\.h|-lrdkafka/i.test(res.output);
    if (missingLib) throw new Error(`cannot build the mock Kafka broker: ${INSTALL_HINT}.\n${res.output}`);
    throw new Error(`cannot build the mock Kafka broker (${cc} exit ${res.code}):\n${res.output}`);
  }
  fs.renameSync(tmp, output);
}

/** Starts the broker: KAFKA_BOOTSTRAP if set, else a fresh mock cluster. */
export async function startTestBroker(opts: TestBrokerOptions): Promise<TestBroker> {
  const external = process.env.KAFKA_BOOTSTRAP?.trim();
  if (external) return startExternal(external, opts);
  return startMock(opts);
}

async function startExternal(bootstrap: string, opts: TestBrokerOptions): Promise<TestBroker> {
  const kafka = new Kafka({ clientId: 'livedata-test-broker', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
  await ensureTopics(kafka, opts);
  const reason = `outage tests need the mock broker; not supported on external broker (KAFKA_BOOTSTRAP=${bootstrap})`;
  return {
    bootstrap,
    external: true,
    outageUnsupportedReason: reason,
    down: () => Promise.reject(new ExternalBrokerError('down()', bootstrap)),
    up: () => Promise.reject(new ExternalBrokerError('up()', bootstrap)),
    stop: () => Promise.resolve(),
  };
}

/** Creates the missing topics on a real broker (the mock creates them at launch instead). */
async function ensureTopics(kafka: Kafka, opts: TestBrokerOptions): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  let wanted: Array<{ name: string; partitions: number | null }> = [];
  try {
    const existing = new Set(await admin.listTopics());
    wanted = opts.topics.map(parseTopicSpec).filter((t) => !existing.has(t.name));
    if (wanted.length === 0) return;
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: wanted.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions ?? opts.partitions ?? 1,
          // Like the livedata data/ROI topics, so large-message tests pass.
          configEntries: [{ name: 'max.message.bytes', value: '104857600' }],
        })),
      });
      return;
    } catch {
      // Brokers without CreateTopics (librdkafka's mock) fall through to auto-creation.
    }
  } finally {
    await admin.disconnect();
  }
  // A subscribe only asks for metadata, which auto-creates topics where the broker allows it.
  const probe = kafka.consumer({ groupId: `livedata-test-broker-${process.pid}`, allowAutoTopicCreation: true });
  await probe.connect();
  try {
    await probe.subscribe({ topics: wanted.map((t) => t.name) });
  } finally {
    await probe.disconnect();
  }
}

function parseTopicSpec(spec: string): { name: string; partitions: number | null } {
  const m = /^(.*):(\d+)$/.exec(spec);
  return m ? { name: m[1], partitions: Number(m[2]) } : { name: spec, partitions: null };
}

async function startMock(opts: TestBrokerOptions): Promise<TestBroker> {
  const bin = await ensureMockBrokerBinary();
  const args: string[] = [];
  if (opts.port) args.push('--port', String(opts.port));
  if (opts.brokers) args.push('--brokers', String(opts.brokers));
  if (opts.partitions) args.push('--partitions', String(opts.partitions));
  if (opts.partitionLogBytes !== undefined) args.push('--partition-log-bytes', String(opts.partitionLogBytes));
  if (opts.verbose) args.push('--verbose');
  for (const t of opts.topics) {
    if (t.startsWith('-')) throw new Error(`bad topic name ${t}`);
    args.push(t);
  }

  const child: ChildProcessWithoutNullStreams = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000);
    if (opts.verbose) process.stderr.write(chunk);
  });

  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });

  // stdout: the first line is the bootstrap address, then one answer per command.
  const lines = readline.createInterface({ input: child.stdout });
  const waiting: Array<(line: string | null) => void> = [];
  const buffered: string[] = [];
  lines.on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else buffered.push(line);
  });
  lines.on('close', () => {
    for (const w of waiting.splice(0)) w(null);
  });
  const nextLine = (timeoutMs: number): Promise<string | null> => {
    const b = buffered.shift();
    if (b !== undefined) return Promise.resolve(b);
    if (hasExited) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const i = waiting.indexOf(done);
        if (i >= 0) waiting.splice(i, 1);
        resolve(null);
      }, timeoutMs);
      const done = (line: string | null) => {
        clearTimeout(timer);
        resolve(line);
      };
      waiting.push(done);
    });
  };

  const bootstrap = await nextLine(10_000);
  if (!bootstrap || !/^[\w.:-]+(,[\w.:-]+)*$/.test(bootstrap)) {
    child.kill('SIGKILL');
    await exited;
    const why = opts.port ? ` (port ${opts.port} in use?)` : '';
    throw new Error(`mock Kafka broker did not start${why}: ${bootstrap ?? ''}\n${stderr.trim()}`);
  }

  // One command at a time, so answers pair with their commands.
  let chain: Promise<void> = Promise.resolve();
  const command = (cmd: 'down' | 'up'): Promise<void> => {
    const run = async () => {
      if (hasExited) throw new Error(`mock broker ${cmd}: the broker has stopped`);
      child.stdin.write(`${cmd}\n`);
      const answer = await nextLine(10_000);
      if (answer !== `ok ${cmd}`) throw new Error(`mock broker ${cmd} failed: ${answer ?? 'no answer'}\n${stderr.trim()}`);
    };
    const p = chain.then(run);
    chain = p.catch(() => undefined);
    return p;
  };

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (hasExited) return;
      child.stdin.end(); // EOF makes the launcher exit cleanly
      const timer = setTimeout(() => child.kill('SIGTERM'), 3000);
      const killer = setTimeout(() => child.kill('SIGKILL'), 6000);
      await exited;
      clearTimeout(timer);
      clearTimeout(killer);
      lines.close();
    })();
    return stopping;
  };

  return {
    bootstrap,
    external: false,
    outageUnsupportedReason: null,
    down: () => command('down'),
    up: () => command('up'),
    stop,
  };
}
