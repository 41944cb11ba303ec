// Browser mode's "open a recording": the page POSTs the file's bytes here, they are written to
// a private temporary folder, and the core replays them in every window. Guarded like the rest
// of browser mode (main/server/access.ts): the host must be one we serve, the access token must
// be present (cookie or query), the Origin must be ours (a foreign page cannot post), and the
// size is capped before and while reading.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import type { Logger } from '../logging/logger';
import type { AccessPolicy } from './access';

export const UPLOAD_PATH = '/recordings/upload';
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

export interface RecordingUploadOptions {
  /** Opens the stored file (Core.openRecording); rejects with a message for the uploader. */
  open(file: string): Promise<void>;
  logger: Logger;
  maxBytes?: number;
  /** Where uploads are kept (default: a new folder under the OS temp dir). */
  dir?: string;
}

export class RecordingUpload {
  readonly path = UPLOAD_PATH;
  private readonly maxBytes: number;
  private dir: string | null;
  private current: string | null = null;
  private busy = false;

  constructor(private readonly options: RecordingUploadOptions) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
    this.dir = options.dir ?? null;
  }

  /** Handles the request if it is for the upload path; false = not ours. */
  async handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL, access: AccessPolicy): Promise<boolean> {
    if (url.pathname !== this.path) return false;
    const answer = (status: number, body: { ok: boolean; error?: string; file?: string }): void => {
      if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', connection: 'close' });
      res.end(JSON.stringify(body));
    };
    const refuse = (status: number, error: string): boolean => {
      this.options.logger.warn('recording upload refused', { status, error });
      answer(status, { ok: false, error });
      req.resume(); // drain what the client still sends; the connection closes after the answer
      return true;
    };
    if (req.method !== 'POST') return refuse(405, 'POST the recording to this address');
    if (!access.tokenAllowed(url, req.headers.cookie)) return refuse(401, 'missing or wrong access token');
    // Browsers always send Origin with a POST from a page: its absence means no page of ours.
    if (!req.headers.origin || !access.originAllowed(req.headers.origin, req.headers.host)) return refuse(403, 'foreign origin');
    const length = Number(req.headers['content-length']);
    if (!Number.isFinite(length) || length <= 0) return refuse(411, 'the upload needs a Content-Length');
    if (length > this.maxBytes) return refuse(413, `the recording is larger than ${Math.round(this.maxBytes / 1024 ** 2)} MB, the upload limit; open it with --replay FILE instead`);
    if (this.busy) return refuse(409, 'another upload is in progress');
    this.busy = true;
    try {
      const name = safeName(url.searchParams.get('name'));
      this.dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'livedata-uploads-'));
      const file = path.join(this.dir, `${randomUUID().slice(0, 8)}-${name}`);
      const received = await this.store(req, file, length);
      if (received !== length) {
        fs.rmSync(file, { force: true });
        return refuse(400, `the upload ended after ${received} of ${length} bytes`);
      }
      this.options.logger.info('recording uploaded', { file, bytes: received });
      try {
        await this.options.open(file);
      } catch (err) {
        fs.rmSync(file, { force: true });
        answer(422, { ok: false, error: err instanceof Error ? err.message : String(err) });
        return true;
      }
      // The previous upload is no longer played: it goes.
      if (this.current) fs.rmSync(this.current, { force: true });
      this.current = file;
      answer(200, { ok: true, file: name });
      return true;
    } catch (err) {
      return refuse(500, `storing the upload failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.busy = false;
    }
  }

  /** Removes the uploads (server shutdown). */
  dispose(): void {
    if (this.dir && !this.options.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private store(req: http.IncomingMessage, file: string, expected: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const out = fs.createWriteStream(file, { flags: 'wx' });
      let received = 0;
      let done = false;
      const finish = (err: Error | null): void => {
        if (done) return;
        done = true;
        if (err) {
          out.destroy();
          fs.rmSync(file, { force: true });
          reject(err);
        } else out.end(() => resolve(received));
      };
      req.on('data', (chunk: Buffer) => {
        received += chunk.byteLength;
        // A client that lied about its length is cut off at the cap, not trusted.
        if (received > expected || received > this.maxBytes) {
          req.pause();
          finish(new Error(`more bytes than announced (${expected})`));
          return;
        }
        if (!out.write(chunk)) {
          req.pause();
          out.once('drain', () => req.resume());
        }
      });
      req.on('end', () => finish(null));
      req.on('aborted', () => finish(new Error('the upload was aborted')));
      req.on('error', (e) => finish(e));
      out.on('error', (e) => finish(e));
    });
  }
}

/** A file name that cannot leave the upload folder or hide: letters, digits, ._- only. */
function safeName(name: string | null): string {
  const base = (name ?? 'recording.mcap').split(/[\\/]/).pop() ?? 'recording.mcap';
  const clean = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '').slice(0, 100);
  return clean.toLowerCase().endsWith('.mcap') ? clean : `${clean || 'recording'}.mcap`;
}
