// Wire inspector: decodes payload files or a Kafka topic and prints one JSON line per message.
// See USAGE in ./inspect/args.ts. Run with `npm run inspect -- <args>`.

import { readFile } from 'node:fs/promises';
import { parseArgs, USAGE, UsageError, type InspectArgs } from './inspect/args';
import { describeError, describePayload, hintForFile, hintForTopic, type Json } from './inspect/describe';
import { BrokerUnreachableError, readTopic } from './inspect/kafka';
import { inspectRecording } from './inspect/recording';

function emit(line: Record<string, Json>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function inspectFiles(args: InspectArgs): Promise<number> {
  let rejected = 0;
  for (const file of args.files) {
    if (/\.mcap$/i.test(file)) {
      try {
        rejected += await inspectRecording(file, { topic: args.topic, count: args.count, full: args.full }, emit);
      } catch (e) {
        emit({ file, error: (e as Error).message });
        rejected++;
      }
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (e) {
      emit({ file, error: `cannot read file: ${(e as Error).message}` });
      rejected++;
      continue;
    }
    try {
      emit({ file, ...describePayload(bytes, hintForFile(file), { full: args.full }) });
    } catch (e) {
      emit({ file, error: describeError(e) });
      rejected++;
    }
  }
  return rejected > 0 ? 1 : 0;
}

async function inspectKafka(args: InspectArgs): Promise<number> {
  const topic = args.topic!;
  const hint = hintForTopic(topic);
  let rejected = 0;
  let stop!: () => void;
  const stopSignal = new Promise<void>((resolve) => { stop = resolve; });
  process.once('SIGINT', () => stop());
  process.once('SIGTERM', () => stop());
  try {
    await readTopic({
      brokers: args.kafka!.split(',').map((s) => s.trim()).filter(Boolean),
      topic,
      fromBeginning: args.fromBeginning,
      count: args.count,
      timeoutMs: args.timeoutS * 1000,
      stopSignal,
      onRecord: (r) => {
        const where = { topic: r.topic, partition: r.partition, offset: r.offset };
        if (r.value === null) {
          emit({ ...where, error: 'empty message (null value)' });
          rejected++;
          return;
        }
        try {
          emit({ ...where, ...describePayload(r.value, hint, { full: args.full }) });
        } catch (e) {
          emit({ ...where, error: describeError(e) });
          rejected++;
        }
      },
    });
  } catch (e) {
    const msg = e instanceof BrokerUnreachableError ? e.message : `Kafka error: ${(e as Error).message ?? String(e)}`;
    process.stderr.write(`inspect: ${msg}\n`);
    return 2;
  }
  return rejected > 0 ? 1 : 0;
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: InspectArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`inspect: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  return args.kafka !== null ? inspectKafka(args) : inspectFiles(args);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      // Exit only once stdout has drained, so piped output is never cut short.
      process.stdout.write('', () => process.exit(code));
    },
    (e: unknown) => {
      process.stderr.write(`inspect: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(3);
    },
  );
}
