// Picks the data source: a recording with --replay FILE; Kafka when a bootstrap server is named
// (flag, environment or the settings file); otherwise the embedded demo backend. Whatever it
// is, it sits behind a SourceSwitch so a recording can be opened (or closed) at run time.
import path from 'node:path';
import type { AppOptions } from '../config/cli-options';
import { readSettingsFile, settingsPath } from '../config/settings-file';
import { FakeBackendTransport } from '../fake/fake-backend';
import { DemoRoiResponder } from '../fake/roi-responder';
import type { InstrumentSpec } from '../instruments/instrument-spec';
import { resolveKafkaOptions } from '../kafka/kafka-options';
import { createKafkaTransport } from '../kafka/kafka-transport';
import type { Logger } from '../logging/logger';
import type { Transport } from '../transport/transport';
import { replayableSource } from '../replay/replay-controller';

export function createTransport(options: AppOptions, instrument: InstrumentSpec, logger: Logger, configDir: string, env: NodeJS.ProcessEnv = process.env): Transport {
  // A .mcap the OS hands over (file association) is opened by the front door on a live app, so
  // closing it returns to that source; --replay FILE starts with the recording alone.
  if (options.replay) return replayableSource(null, instrument.name, options.replay);
  return replayableSource(liveTransport(options, instrument, logger, configDir, env), instrument.name, null);
}

function liveTransport(options: AppOptions, instrument: InstrumentSpec, logger: Logger, configDir: string, env: NodeJS.ProcessEnv): Transport {
  const file = settingsPath(configDir);
  const connection = resolveKafkaOptions(options.raw, env, readSettingsFile(file), { fileConfigDir: path.dirname(file) });
  if (connection) return createKafkaTransport({ instrument: instrument.name, connection, logger });
  // The demo answers ROI messages with readback and per-ROI spectra (main/fake/roi-responder.ts).
  return new FakeBackendTransport(instrument, logger, { roiResponder: new DemoRoiResponder(), ...options.demo });
}
