// The record button's controller on the source switch: a recording ends (saved, readable) when
// a replay takes over, and recording is refused in replay with the reason.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Core } from '../app/core';
import { FakeBackendTransport } from '../fake/fake-backend';
import { dummyInstrument } from '../instruments/dummy';
import { silentLogger } from '../logging/logger';
import { RecordingIndex } from '../replay/recording-index';
import { SourceSwitch } from '../replay/source-switch';
import { until } from '../../test/support/wait';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'livedata-recctl-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const ctx = { sessionId: 's', client: 'electron' };

describe('recording controller', () => {
  it('records the live source into its folder, stops when a replay takes over, and refuses in replay', async () => {
    const live = new FakeBackendTransport(dummyInstrument, silentLogger(), { updateIntervalMs: 100 });
    const core = new Core({ instrument: dummyInstrument, transport: new SourceSwitch(live, live), logger: silentLogger(), autoStart: true, configDir: null, recordingsDir: dir });
    await core.start();
    expect(core.recording.view()).toMatchObject({ state: 'idle', available: true, folder: dir });
    const file = (await core.router.command({ type: 'recording.start' }, ctx)) as string;
    expect(path.dirname(file)).toBe(dir);
    expect(path.basename(file)).toMatch(/^livedata-dummy-\d{8}-\d{6}Z\.mcap$/);
    await expect(core.router.command({ type: 'recording.start' }, ctx)).rejects.toThrow(/already running/);
    await until('messages recorded', () => core.recording.view().messages > 50, 15_000);

    await core.openRecording(file).catch(() => undefined); // the file is still being written: its valid part
    const view = core.recording.view();
    expect(view.state).toBe('stopped'); // stopped (and closed) before the replay took over
    expect(view).toMatchObject({ available: false, unavailableReason: expect.stringMatching(/replay is read-only/) });
    await expect(core.router.command({ type: 'recording.start' }, ctx)).rejects.toThrow(/not available while a recording plays/);
    const index = await RecordingIndex.open(file);
    expect(index.damage).toBeNull();
    expect(index.messageCount).toBe(view.messages);
    await index.close();

    await core.router.command({ type: 'replay.close' }, ctx);
    expect(core.recording.view().available).toBe(true);
    await core.stop();
  });
});
