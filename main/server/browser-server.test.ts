import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import path from 'node:path';
import WebSocket from 'ws';
import { decodeFrame, encodeFrame, type WsServerMessage } from '../../shared/binary-frame';
import { ScriptedTransport } from '../../test/support/scripted-transport';
import { Core } from '../app/core';
import { dummyInstrument } from '../instruments/dummy';
import { silentLogger } from '../logging/logger';
import { BrowserServer } from './browser-server';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(token: string | null = null) {
  const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  const logger = silentLogger();
  const core = new Core({ instrument: dummyInstrument, transport: new ScriptedTransport(), logger, autoStart: false, configDir: null });
  await core.start();
  const server = new BrowserServer(core.gateway, { host: '127.0.0.1', port: 0, staticDir, token }, logger);
  const url = await server.listen();
  cleanups.push(() => core.stop(), () => server.close());
  return { core, server, url: new URL(url) };
}

function connect(url: URL, headers: Record<string, string> = {}): Promise<WebSocket> {
  const ws = new WebSocket(`ws://${url.host}/session${url.search}`, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function rpc(ws: WebSocket, id: number, method: string, params: unknown): Promise<WsServerMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const msg = decodeFrame(new Uint8Array(data)) as WsServerMessage;
      if ('id' in msg && msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg);
      }
    };
    ws.on('message', onMessage);
    ws.send(encodeFrame({ id, method, params }));
  });
}

describe('browser-mode server', () => {
  it('serves the renderer and refuses paths outside it', async () => {
    const { url } = await serve();
    expect((await fetch(new URL('/', url))).status).toBe(200);
    expect((await fetch(new URL('/%2e%2e/%2e%2e/etc/passwd', url))).status).toBe(404);
  });

  it('runs sessions over the WebSocket; invalid requests get an error answer and the server keeps serving', async () => {
    const { core, url } = await serve();
    const ws = await connect(url);
    const opened = await rpc(ws, 1, 'open', { client: 'browser' });
    expect('result' in opened).toBe(true);
    const sessionId = (opened as { result: { sessionId: string } }).result.sessionId;
    const bad = await rpc(ws, 2, 'poll', { sessionId, seen: { topology: 'x' } });
    expect('error' in bad && bad.error).toMatch(/invalid request/);
    const unknownCommand = await rpc(ws, 3, 'command', { sessionId, command: { type: 'rm -rf' } });
    expect('error' in unknownCommand).toBe(true);
    const ok = await rpc(ws, 4, 'poll', { sessionId, seen: { topology: -1, sections: {}, cursor: 0, layers: {}, shown: [] } });
    expect('result' in ok).toBe(true);
    expect(core.registry.count).toBe(1);
    // Closing the tab (socket) frees its session at once.
    ws.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(core.registry.count).toBe(0);
  });

  it('closes a socket that sends something that is not a frame, without affecting others', async () => {
    const { core, url } = await serve();
    const good = await connect(url);
    await rpc(good, 1, 'open', { client: 'browser' });
    const bad = await connect(url);
    const closed = new Promise<number>((r) => bad.once('close', (code) => r(code)));
    bad.send(new Uint8Array([255, 255, 255, 255, 1]));
    expect(await closed).toBe(1003);
    expect(core.registry.count).toBe(1);
    good.close();
  });

  it('refuses WebSocket upgrades from other origins, and without the token when one is set', async () => {
    const open = await serve();
    await expect(connect(open.url, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
    const guarded = await serve('s3cret');
    await expect(connect(new URL(`http://${guarded.url.host}/`))).rejects.toThrow(/403/);
    const ws = await connect(guarded.url); // the printed URL carries the token
    ws.close();
  });

  it('malformed request URLs get an error answer and never bring the server down', async () => {
    const { url } = await serve();
    const raw = (reqPath: string, headers: Record<string, string> = {}) => new Promise<number>((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, path: reqPath, headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('upgrade', (res, socket) => {
        socket.destroy();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.setTimeout(2000, () => req.destroy(new Error(`no answer for ${reqPath}`)));
      req.end();
    });
    expect(await raw('/%E0%A4%A')).toBe(400); // not valid percent-encoding
    expect(await raw('//')).toBe(400); // not a valid URL against our base
    expect(await raw('//', { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' })).toBe(400);
    expect((await fetch(new URL('/', url))).status).toBe(200);
  });

  it('shutdown does not wait for a tab that never answers the close handshake', async () => {
    const { core, server, url } = await serve();
    const ws = await connect(url);
    await rpc(ws, 1, 'open', { client: 'browser' });
    ws.pause(); // a hung or unreachable tab: it never reads our close frame, never answers it
    const t0 = Date.now();
    await server.close();
    expect(Date.now() - t0).toBeLessThan(5000); // serve's force-exit fires at 10 s, before core.stop()
    expect(core.registry.count).toBe(0);
    ws.terminate();
  }, 40_000);

  it('will not listen beyond loopback without a token', () => {
    const logger = silentLogger();
    const core = new Core({ instrument: dummyInstrument, transport: new ScriptedTransport(), logger, autoStart: false, configDir: null });
    expect(() => new BrowserServer(core.gateway, { host: '0.0.0.0', port: 0, staticDir: '.', token: null }, logger)).toThrow(/requires --token/);
  });
});
