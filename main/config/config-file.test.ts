import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ConfigFile } from './config-file';

const schema = z.object({ title: z.string(), rows: z.number().int() });
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-'));

describe('config file', () => {
  it('reports a missing file, then loads what it saved', () => {
    const f = new ConfigFile(path.join(tmp(), 'sub', 'layout.yaml'), schema);
    expect(f.load()).toEqual({ kind: 'missing' });
    f.save({ title: 'A', rows: 2 });
    expect(f.load()).toEqual({ kind: 'loaded', value: { title: 'A', rows: 2 } });
  });

  it('keeps one backup of the previous content and leaves no temp files', () => {
    const dir = tmp();
    const f = new ConfigFile(path.join(dir, 'layout.yaml'), schema);
    f.save({ title: 'first', rows: 1 });
    f.save({ title: 'second', rows: 2 });
    expect(fs.readFileSync(path.join(dir, 'layout.yaml.bak'), 'utf8')).toContain('first');
    expect(fs.readdirSync(dir).sort()).toEqual(['layout.yaml', 'layout.yaml.bak']);
  });

  it('moves a corrupt or invalid file aside with the reason, never overwriting it', () => {
    const dir = tmp();
    const file = path.join(dir, 'layout.yaml');
    fs.writeFileSync(file, 'title: [unclosed');
    const f = new ConfigFile(file, schema);
    const r1 = f.load();
    expect(r1.kind).toBe('corrupt');
    if (r1.kind !== 'corrupt') return;
    expect(fs.readFileSync(r1.movedTo, 'utf8')).toBe('title: [unclosed');
    expect(fs.existsSync(file)).toBe(false);

    fs.writeFileSync(file, 'title: ok\nrows: two\n');
    const r2 = f.load();
    expect(r2.kind === 'corrupt' && r2.problem).toMatch(/rows/);
  });
});
