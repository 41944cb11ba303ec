// Where a recording's bytes go: an append-only file that knows how many bytes are safely on
// disk, so that after a failed write (disk full) the file can be cut back to the last whole
// record and closed readable (main/record/recorder.ts).
import fs from 'node:fs/promises';
import type { IWritable } from '@mcap/core';

export interface FileSink extends IWritable {
  readonly path: string;
  /** Bytes written successfully (the end of the last complete write). */
  committed(): number;
  /** Cuts the file back to `size` bytes (after a failed write). */
  truncate(size: number): Promise<void>;
  close(): Promise<void>;
}

export type OpenSink = (path: string) => Promise<FileSink>;

export const openFileSink: OpenSink = async (filePath) => {
  // 'wx': never overwrite an existing recording by accident.
  const handle = await fs.open(filePath, 'wx');
  let written = 0;
  return {
    path: filePath,
    async write(buffer: Uint8Array): Promise<void> {
      let off = 0;
      while (off < buffer.byteLength) {
        const { bytesWritten } = await handle.write(buffer, off, buffer.byteLength - off, written + off);
        if (bytesWritten <= 0) throw Object.assign(new Error('no bytes written'), { code: 'EIO' });
        off += bytesWritten;
      }
      written += buffer.byteLength;
    },
    position: () => BigInt(written),
    committed: () => written,
    async truncate(size: number): Promise<void> {
      await handle.truncate(size);
      written = size;
    },
    close: () => handle.close(),
  };
};
