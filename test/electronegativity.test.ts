// The Electron security checklist as static checks (@doyensec/electronegativity) over the
// Electron side of the app; every finding must be accepted with its reason
// (tools/electronegativity-accepted.json, explained in docs/security.md).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');

interface Finding {
  id: string;
  file: string;
  line: number;
  sample: string;
}

describe('electronegativity', () => {
  it('leaves no unexplained finding', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      // A child process: the scanner patches globals (console, i18n) and needs the offline preload.
      execFile(process.execPath, ['--require', './tools/no-network.cjs', 'tools/electronegativity.mjs'], { cwd: root, timeout: 120_000, maxBuffer: 8 * 1024 * 1024 }, (err, stdout) => {
        // Exit code 1 means findings or errors: the parsed report says which.
        if (err && !stdout) reject(err);
        else resolve(stdout);
      });
    });
    const report = JSON.parse(out) as { findings: Finding[]; errors: string[]; unexplained: Finding[] };
    expect(report.errors).toEqual([]);
    expect(report.unexplained).toEqual([]);
    // The scan really ran over our files: it reports the preload it must see.
    expect(report.findings.map((f) => f.id)).toContain('PRELOAD_JS_CHECK');
    // Every accepted finding is explained in docs/security.md.
    const accepted = JSON.parse(fs.readFileSync(path.join(root, 'tools/electronegativity-accepted.json'), 'utf8')) as { accepted: { id: string }[] };
    const doc = fs.readFileSync(path.join(root, 'docs/security.md'), 'utf8');
    for (const a of accepted.accepted) expect(doc, a.id).toContain(a.id);
  }, 150_000);
});
