// Picks the data source: the embedded demo backend unless Kafka is named.
import type { AppOptions } from '../config/cli-options';
import { FakeBackendTransport } from '../fake/fake-backend';
import type { InstrumentSpec } from '../instruments/instrument-spec';
import type { Logger } from '../logging/logger';
import type { Transport } from '../transport/transport';

export function createTransport(options: AppOptions, instrument: InstrumentSpec, logger: Logger): Transport {
  if (options.kafka) {
    throw new Error('Kafka transport is not wired yet');
  }
  return new FakeBackendTransport(instrument, logger);
}
