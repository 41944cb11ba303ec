// Types of tools/start.mjs for the TypeScript tests (test/start-launcher.test.ts).
export function findElectron(env?: NodeJS.ProcessEnv): { binary: string; reason: null } | { binary: null; reason: string };
export function fallbackMessage(reason: string): string;
