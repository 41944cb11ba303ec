import { dummyInstrument } from './dummy';
import type { InstrumentSpec } from './instrument-spec';

const INSTRUMENTS: Record<string, InstrumentSpec> = { dummy: dummyInstrument };

export function instrumentByName(name: string): InstrumentSpec {
  const spec = INSTRUMENTS[name];
  if (!spec) throw new Error(`unknown instrument '${name}' (known: ${Object.keys(INSTRUMENTS).join(', ')})`);
  return spec;
}
