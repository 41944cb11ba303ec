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

describe('config file hardening', () => {
  it('a corrupt file is moved aside and the backup loaded (and restored as the file)', () => {
    const dir = tmp();
    const file = path.join(dir, 'layout.yaml');
    const f = new ConfigFile(file, schema);
    f.save({ title: 'good', rows: 1 });
    f.save({ title: 'newer', rows: 2 });
    fs.writeFileSync(file, 'title: [torn');
    const r = f.load();
    expect(r).toMatchObject({ kind: 'recovered', value: { title: 'good', rows: 1 } });
    expect(f.load()).toEqual({ kind: 'loaded', value: { title: 'good', rows: 1 } });
    // A missing file with a good backup is recovered too (never silently replaced by defaults).
    fs.rmSync(file);
    expect(f.load()).toMatchObject({ kind: 'recovered', problem: 'the file was missing' });
  });

  it('an empty or invalid file never becomes the backup; identical content is not rewritten', () => {
    const dir = tmp();
    const file = path.join(dir, 'layout.yaml');
    const f = new ConfigFile(file, schema);
    f.save({ title: 'good', rows: 1 });
    f.save({ title: 'good2', rows: 1 });
    fs.writeFileSync(file, '');
    f.save({ title: 'after', rows: 3 });
    expect(fs.readFileSync(`${file}.bak`, 'utf8')).toContain('good');
    const mtime = fs.statSync(file).mtimeMs;
    const bak = fs.readFileSync(`${file}.bak`, 'utf8');
    f.save({ title: 'after', rows: 3 });
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
    expect(fs.readFileSync(`${file}.bak`, 'utf8')).toBe(bak);
  });

  it('removes temp files of processes that no longer run, keeps those of live ones', () => {
    const dir = tmp();
    const file = path.join(dir, 'layout.yaml');
    const dead = 2 ** 22 + 12345; // above Linux's pid_max default: no such process
    fs.writeFileSync(`${file}.${dead}.tmp`, 'partial');
    fs.writeFileSync(`${file}.bak.${dead}.tmp`, '');
    fs.writeFileSync(`${file}.${process.ppid}.tmp`, 'someone else saving right now');
    fs.writeFileSync(path.join(dir, 'other.yaml.1.tmp'), 'not ours');
    const f = new ConfigFile(file, schema);
    expect(f.load()).toEqual({ kind: 'missing' });
    expect(fs.readdirSync(dir).sort()).toEqual([`layout.yaml.${process.ppid}.tmp`, 'other.yaml.1.tmp']);
  });
});
