// The demo instrument, loaded from its catalogue (resources/instruments/dummy.yaml). Kept as a
// module because tests and benches import it directly.
import { builtinInstruments } from './index';
import type { InstrumentSpec } from './instrument-spec';

export const dummyInstrument: InstrumentSpec = builtinInstruments().byName('dummy');
