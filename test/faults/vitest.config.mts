// `npm run test:faults`: the whole fault suite, long scenarios included (a 60 s broker outage,
// a server process measured while a client stops reading). GC is exposed so heap figures are real.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/faults/**/*.test.ts', 'test/faults/**/*.faults.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    execArgv: ['--expose-gc'],
    env: { LIVEDATA_FAULTS_FULL: '1' },
  },
});
