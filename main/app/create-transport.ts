// Picks the data source: Kafka when a bootstrap server is named (flag, environment or the
// settings file), otherwise the embedded demo backend.
import path from 'node:path';
import type { AppOptions } from '../config/cli-options';
import { readSettingsFile, settingsPath } from '../config/settings-file';
import { FakeBackendTransport } from '../fake/fake-backend';
import type { InstrumentSpec } from '../instruments/instrument-spec';
import { resolveKafkaOptions } from '../kafka/kafka-options';
import { createKafkaTransport } from '../kafka/kafka-transport';
import type { Logger } from '../logging/logger';
import type { Transport } from '../transport/transport';

export function createTransport(options: AppOptions, instrument: InstrumentSpec, logger: Logger, configDir: string, env: NodeJS.ProcessEnv = process.env): Transport {
  const file = settingsPath(configDir);
  const connection = resolveKafkaOptions(options.raw, env, readSettingsFile(file), { fileConfigDir: path.dirname(file) });
  if (connection) return createKafkaTransport({ instrument: instrument.name, connection, logger });
  return new FakeBackendTransport(instrument, logger);
}
