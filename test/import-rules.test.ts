// Import rules (docs/architecture.md): only main/electron and preload import electron; renderer never imports main;
// shared imports neither Node nor the DOM-bound app code.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(rel));
    else if (/\.(ts|vue|mts)$/.test(entry.name)) out.push(rel);
  }
  return out;
}

const importsOf = (file: string): string[] =>
  [...fs.readFileSync(path.join(root, file), 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);

describe('import rules', () => {
  it('only main/electron and preload import electron', () => {
    const offenders = [...sources('main'), ...sources('renderer'), ...sources('shared')]
      .filter((f) => !f.startsWith(path.join('main', 'electron')))
      .filter((f) => importsOf(f).some((i) => i === 'electron' || i.startsWith('electron/')));
    expect(offenders).toEqual([]);
  });

  it('renderer never imports main', () => {
    const offenders = sources('renderer').filter((f) => importsOf(f).some((i) => /(^|\/)main\//.test(i)));
    expect(offenders).toEqual([]);
  });

  it('shared imports no Node modules and nothing from main or renderer', () => {
    const offenders = sources('shared')
      .filter((f) => !f.endsWith('.test.ts'))
      .filter((f) => importsOf(f).some((i) => i.startsWith('node:') || /^(fs|path|os|crypto|child_process)$/.test(i) || /(^|\/)(main|renderer)\//.test(i)));
    expect(offenders).toEqual([]);
  });
});
