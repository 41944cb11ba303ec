import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logging/logger';
import { AccessPolicy, TOKEN_COOKIE } from './access';
import { RecordingUpload, UPLOAD_PATH } from './recording-upload';

let server: http.Server;
let port: number;
let dir: string;
let opened: { file: string; bytes: Buffer }[];
let openResult: Error | null;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'livedata-upload-'));
  opened = [];
  openResult = null;
  const access = new AccessPolicy({ bindHost: '127.0.0.1', token: 'secret' });
  const upload = new RecordingUpload({
    dir, logger: silentLogger(), maxBytes: 1000,
    open: async (file) => {
      opened.push({ file, bytes: fs.readFileSync(file) });
      if (openResult) throw openResult;
    },
  });
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    void upload.handle(req, res, url, access).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  access.setPort(port);
});

afterEach(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

function post(body: Buffer, headers: Record<string, string>, query = '?name=run%2042.mcap'): Promise<{ status: number; body: { ok: boolean; error?: string; file?: string } }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: `${UPLOAD_PATH}${query}`, headers: { 'content-length': String(body.length), ...headers } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const own = () => ({ origin: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}`, cookie: `${TOKEN_COOKIE}=secret` });

describe('recording upload (browser mode)', () => {
  it('stores the bytes under a safe name and opens them', async () => {
    const res = await post(Buffer.from('MCAP-bytes'), own(), '?name=..%2F..%2Fetc%2Frun%2042.mcap');
    expect(res).toEqual({ status: 200, body: { ok: true, file: 'run_42.mcap' } });
    expect(opened).toHaveLength(1);
    expect(path.dirname(opened[0].file)).toBe(dir);
    expect(opened[0].bytes.toString()).toBe('MCAP-bytes');
  });

  it('refuses without the access token, from a foreign or missing Origin, and beyond the size cap', async () => {
    expect((await post(Buffer.from('x'), { ...own(), cookie: '' })).status).toBe(401);
    expect((await post(Buffer.from('x'), { ...own(), origin: 'http://evil.example' })).status).toBe(403);
    const { origin: _o, ...noOrigin } = own();
    expect((await post(Buffer.from('x'), noOrigin)).status).toBe(403);
    const big = await post(Buffer.alloc(2000), own());
    expect(big.status).toBe(413);
    expect(big.body.error).toMatch(/--replay FILE/);
    expect(opened).toHaveLength(0);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('answers the reason when the file cannot be replayed, and keeps nothing', async () => {
    openResult = new Error('x.mcap is not an MCAP recording');
    const res = await post(Buffer.from('junk'), own());
    expect(res).toEqual({ status: 422, body: { ok: false, error: 'x.mcap is not an MCAP recording' } });
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
