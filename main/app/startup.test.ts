import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScriptedTransport } from '../../test/support/scripted-transport';
import { Core } from './core';
import { parseStartupOptions, startApp, StartupError } from './startup';

function scratch(): { configDir: string; logDir: string; root: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'startup-'));
  return { root, configDir: path.join(root, 'config'), logDir: path.join(root, 'logs') };
}
const argsFor = (s: { configDir: string; logDir: string }, ...more: string[]): string[] => ['--config-dir', s.configDir, '--log-dir', s.logDir, ...more];
const env = {};

async function startupError(p: Promise<unknown>): Promise<StartupError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StartupError);
  return err as StartupError;
}

describe('start-up (both front doors)', () => {
  it('refuses a bad option with the usage text and exit code 2', () => {
    let err: unknown;
    try {
      parseStartupOptions(['--log-level', 'verbose'], env);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StartupError);
    expect((err as StartupError).stage).toBe('options');
    expect((err as StartupError).exitCode).toBe(2);
    expect((err as StartupError).message).toMatch(/unknown level 'verbose'[\s\S]*Options:/);
  });

  it('names an unusable config folder', async () => {
    const s = scratch();
    fs.writeFileSync(s.configDir, 'a file where the folder should be');
    const err = await startupError(startApp(parseStartupOptions(argsFor(s), env), { env, console: false }));
    expect(err.stage).toBe('folders');
    expect(err.message).toContain(`The config folder ${s.configDir} cannot be used`);
  });

  it('names an unknown instrument with the known ones, and logs it before giving up', async () => {
    const s = scratch();
    const err = await startupError(startApp(parseStartupOptions(argsFor(s, '--instrument', 'dreem'), env), { env, console: false }));
    expect(err.stage).toBe('instrument');
    expect(err.message).toMatch(/unknown instrument 'dreem' \(known: .*dream.*\)/);
    expect(err.exitCode).toBe(1);
    const log = fs.readFileSync(path.join(s.logDir, 'livedata.log'), 'utf8');
    expect(log).toMatch(/"error":"unknown instrument 'dreem'.*"message":"start-up failed","stage":"instrument"/);
  });

  it('reports a core that fails to start and stops the data source it had created', async () => {
    const s = scratch();
    const transport = new ScriptedTransport();
    let stopped = 0;
    const stop = transport.stop.bind(transport);
    transport.stop = async () => {
      stopped++;
      await stop();
    };
    const err = await startupError(
      startApp(parseStartupOptions(argsFor(s), env), {
        env,
        console: false,
        transportFactory: () => transport,
        coreFactory: (a) => {
          const core = new Core(a);
          core.start = () => Promise.reject(new Error('layout store exploded'));
          return core;
        },
      }),
    );
    expect(err.stage).toBe('core');
    expect(err.message).toBe('layout store exploded');
    expect(stopped).toBe(1);
  });

  it('starts the demo with auto-start, and stop() stops the core once and leaves the log on disk', async () => {
    const s = scratch();
    const app = await startApp(parseStartupOptions(argsFor(s), env), { env, console: false });
    try {
      expect(app.transport.kind).toBe('fake');
      expect(app.instrument.name).toBe('dummy');
      expect(app.core['options'].autoStart).toBe(true);
    } finally {
      await Promise.all([app.stop(), app.stop()]);
    }
    const log = fs.readFileSync(path.join(s.logDir, 'livedata.log'), 'utf8');
    expect(log).toMatch(/Livedata Desktop starting.*"version"/);
    expect(log).toMatch(/Livedata Desktop stopped/);
  });

  it('never auto-starts against a non-demo data source', async () => {
    const s = scratch();
    const app = await startApp(parseStartupOptions(argsFor(s), env), { env, console: false, transportFactory: () => new ScriptedTransport() });
    try {
      expect(app.core['options'].autoStart).toBe(false);
    } finally {
      await app.stop();
    }
  });
});
