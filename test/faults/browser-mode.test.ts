// Fault suite, browser mode: the probes of issue 6 as tests that stay. Every refusal leaves the
// state (sessions, layout, job numbers, commands sent) exactly as it was.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_METHODS } from '../../shared/api/methods';
import { RpcClient, SECRET_TEXT, connect, serveInProcess, stateOf, type Served } from './support';

let s: Served;
beforeAll(async () => {
  s = await serveInProcess({ limits: { maxPayloadBytes: 1024 * 1024 } });
});
afterAll(async () => {
  await s?.stop();
});

function raw(reqPath: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request({ host: s.url.hostname, port: s.url.port, path: reqPath, headers, setHost: !('host' in headers) }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: '', headers: res.headers });
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error(`no answer for ${reqPath}`)));
    req.end();
  });
}

const UPGRADE = { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' };

describe('fault suite: browser mode', () => {
  it('foreign Origin and rebinding Host are refused; state unchanged', async () => {
    const before = stateOf(s);
    const port = s.url.port;
    const cases: [Record<string, string>, number][] = [
      [{ origin: 'http://evil.example' }, 403],
      [{ origin: `http://evil.example:${port}` }, 403],
      [{ origin: 'null' }, 403],
      [{ origin: `http://localhost:${port}` }, 403], // not the Host the page was served from
      [{ host: `rebind.example:${port}`, origin: `http://rebind.example:${port}` }, 421],
      [{ host: `127.attacker.example:${port}`, origin: `http://127.attacker.example:${port}` }, 421],
      [{ host: `localhost.attacker.example:${port}` }, 421],
      [{ host: `127.0.0.1:${Number(port) + 1}` }, 421],
    ];
    for (const [headers, status] of cases) {
      expect((await raw('/session', { ...UPGRADE, ...headers })).status, JSON.stringify(headers)).toBe(status);
    }
    expect((await raw('/', { host: `rebind.example:${port}` })).status).toBe(421);
    expect(stateOf(s)).toEqual(before);
    expect(s.server.stats.refusedUpgrades).toBeGreaterThanOrEqual(cases.length);
  });

  it('missing or wrong token: pages and sockets refused with a page that says so; the right one works', async () => {
    const guarded = await serveInProcess({ token: 'correct-horse' });
    try {
      const before = stateOf(guarded);
      const get = (p: string, headers: Record<string, string> = {}) => new Promise<number>((resolve, reject) => {
        http.get({ host: guarded.url.hostname, port: guarded.url.port, path: p, headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject);
      });
      expect(await get('/')).toBe(401);
      expect(await get('/?token=wrong')).toBe(401);
      expect(await get('/assets/app.js')).toBe(401);
      expect(await get('/', { cookie: 'livedata_token=wrong' })).toBe(401);
      await expect(connect(new URL(`http://${guarded.url.host}/`))).rejects.toThrow(/401/);
      await expect(connect(new URL(`http://${guarded.url.host}/?token=correct-hors`))).rejects.toThrow(/401/);
      expect(stateOf(guarded)).toEqual(before);
      expect(await get('/?token=correct-horse')).toBe(200);
      const ws = await connect(guarded.url);
      ws.close();
    } finally {
      await guarded.stop();
    }
  });

  it('path traversal: none of 30 variants returns a file outside the root', async () => {
    const variants = [
      '/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/%2e%2e%2fsecret.txt', '/%252e%252e/secret.txt',
      '/..%5csecret.txt', '/%2e%2e%5csecret.txt', '/assets/../../secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt',
      '/./../secret.txt', '/.%2e/secret.txt', '/%2e./secret.txt', '/..;/secret.txt', '/..%00/secret.txt',
      '/secret.txt%00.html', '/index.html%00', '/%c0%ae%c0%ae/secret.txt', '/%uff0e%uff0e/secret.txt', '/..%c0%afsecret.txt',
      '//secret.txt', '/\\..\\secret.txt', '/assets/link.txt', '/assets/%6c%69%6e%6b.txt', '/....//secret.txt',
      '/..././secret.txt', '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/../../../../etc/passwd', '/static/../secret.txt', '/%2F..%2Fsecret.txt',
    ];
    expect(variants.length).toBeGreaterThanOrEqual(20);
    for (const v of variants) {
      const r = await raw(v);
      expect(r.body, v).not.toContain(SECRET_TEXT);
      expect(r.body, v).not.toMatch(/root:.*:0:0:/);
      expect([200, 400, 404], v).toContain(r.status);
      if (r.status === 200) expect(r.body, v).toContain('<title>index</title>'); // normalised into the root
    }
  });

  it('oversized frames close that socket (1009) and nothing else; state unchanged', async () => {
    const before = stateOf(s);
    const good = new RpcClient(await connect(s.url));
    const opened = await good.call('open', { client: 'browser' });
    expect('result' in opened).toBe(true);
    for (const size of [1024 * 1024 + 1, 16 * 1024 * 1024]) {
      const big = await connect(s.url);
      const closed = new Promise<number>((r) => big.once('close', (code) => r(code)));
      big.on('error', () => undefined);
      big.send(new Uint8Array(size));
      expect(await closed).toBe(1009);
    }
    // The good socket still works.
    const sessionId = (opened as { result: { sessionId: string } }).result.sessionId;
    const poll = await good.call('poll', { sessionId, seen: { topology: -1, sections: {}, cursor: 0, layers: {}, shown: [] } });
    expect('result' in poll).toBe(true);
    await good.call('close', { sessionId });
    good.ws.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(stateOf(s)).toEqual(before);
  });

  it('1,000 schema-invalid messages per gateway method: each refused with a clear error; state unchanged', async () => {
    const client = new RpcClient(await connect(s.url));
    const opened = await client.call('open', { client: 'browser' });
    const sessionId = (opened as { result: { sessionId: string } }).result.sessionId;
    const before = stateOf(s);
    let seed = 1;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const junk = (i: number): unknown => {
      const pick = [null, 42, 'x', [], {}, { sessionId: 7 }, { sessionId, seen: 'all' }, { client: 'root' }, { sessionId, command: { type: 'workflow.start' } },
        { sessionId, command: { type: 'shell.exec', cmd: 'rm -rf /' } }, { sessionId, query: { type: 'x' } }, { sessionId, level: 'fatal', message: 'x' },
        { sessionId, level: 'info', message: 'x'.repeat(10_001) }, { sessionId: '' }, { sessionId: 'x'.repeat(201) },
        { sessionId, seen: { topology: 1.5, sections: { bogus: 1 }, cursor: 0, layers: {}, shown: [] } }];
      return pick[(i + Math.floor(rand() * pick.length)) % pick.length];
    };
    // One more layer than can exist (MAX_LAYERS): refused by the schema, whatever the method.
    const tooManyLayers = { sessionId, seen: { topology: -1, sections: {}, cursor: 0, layers: Object.fromEntries(Array.from({ length: 2001 }, (_, k) => [`l${k}`, { state: 0, data: 0 }])), shown: [] } };
    const errors = new Map<string, number>();
    for (const method of SESSION_METHODS) {
      const answers = await Promise.all(
        Array.from({ length: 1000 }, (_, i) => {
          let params = i === 0 ? tooManyLayers : junk(i);
          // Keep each one invalid for this method (a few junk values happen to be valid elsewhere).
          if (method === 'open' && (params as { client?: string })?.client === 'browser') params = { client: 'x' };
          if (method === 'close' && typeof (params as { sessionId?: unknown })?.sessionId === 'string' && (params as { sessionId: string }).sessionId === sessionId) params = { sessionId: 5 };
          return client.call(method, params);
        }),
      );
      for (const a of answers) {
        expect('error' in a, `${method}: ${JSON.stringify(a).slice(0, 200)}`).toBe(true);
        const e = (a as { error: string }).error;
        expect(e.length).toBeGreaterThan(0);
        expect(e.length).toBeLessThanOrEqual(1001);
        expect(e).toMatch(/invalid request|unknown session/);
      }
      errors.set(method, answers.length);
      // A heartbeat between batches: the session must not time out while the junk is refused.
      expect(await client.call('poll', { sessionId, seen: { topology: -1, sections: {}, cursor: 0, layers: {}, shown: [] } })).toHaveProperty('result');
    }
    expect([...errors.values()].reduce((a, b) => a + b, 0)).toBe(SESSION_METHODS.length * 1000);
    // An unknown method is refused too.
    expect((await client.call('eval', {})) as object).toHaveProperty('error');
    expect(stateOf(s)).toEqual(before);
    await client.call('close', { sessionId });
    client.ws.close();
  }, 60_000);
});
