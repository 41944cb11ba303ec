import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import WebSocket, { WebSocketServer } from 'ws';
import { decodeFrame, encodeFrame } from '../../../shared/binary-frame';
import { ACCESS_REFUSED_MESSAGE, createWsGateway } from './ws-gateway';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A server that answers `open` and never answers `poll` (a hung core, or a lost answer). */
async function server(opts: { refuse?: boolean } = {}) {
  const httpServer = http.createServer((req, res) => {
    res.writeHead(req.url?.startsWith('/access') ? 401 : 404).end();
  });
  const wss = new WebSocketServer({ noServer: true });
  httpServer.on('upgrade', (req, socket, head) => {
    if (opts.refuse) {
      socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data: Buffer) => {
        const msg = decodeFrame(new Uint8Array(data)) as { id: number; method: string };
        if (msg.method === 'open') ws.send(encodeFrame({ id: msg.id, result: { sessionId: 's1' } }));
      });
    });
  });
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', () => r()));
  const port = (httpServer.address() as { port: number }).port;
  cleanups.push(() => {
    for (const c of wss.clients) c.terminate();
    httpServer.closeAllConnections();
    httpServer.close();
  });
  return { url: `ws://127.0.0.1:${port}/session`, accessUrl: `http://127.0.0.1:${port}/access` };
}

describe('WebSocket gateway', () => {
  it('forgets a call that timed out: no entry is kept for requests the updater abandoned', async () => {
    const s = await server();
    const gw = createWsGateway(s.url, { callTimeoutMs: 100, WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket });
    expect(await gw.open({ client: 'browser' })).toMatchObject({ sessionId: 's1' });
    expect(gw.pendingCount).toBe(0);
    const polls = Array.from({ length: 20 }, () =>
      gw.poll({ sessionId: 's1', seen: { topology: -1, sections: {}, cursor: -1, layers: {}, shown: [] } }).catch((e: unknown) => e),
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(gw.pendingCount).toBe(20);
    for (const p of polls) expect(String(await p)).toMatch(/timed out after 100 ms/);
    expect(gw.pendingCount).toBe(0);
  });

  it('a refused connection says why (token), instead of a bare close code', async () => {
    const s = await server({ refuse: true });
    const reasons: string[] = [];
    const gw = createWsGateway(s.url, { WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket, accessUrl: s.accessUrl });
    gw.onDisconnect((r) => reasons.push(r));
    await expect(gw.open({ client: 'browser' })).rejects.toThrow(ACCESS_REFUSED_MESSAGE);
    expect(reasons).toEqual([ACCESS_REFUSED_MESSAGE]);
  });
});
