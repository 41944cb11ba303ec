// One YAML config file: validated on load, written atomically (temp file + rename) with one
// backup kept. A file that does not parse or validate is moved aside, never overwritten
// silently, and the caller is told so it can notify the user.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';

export type LoadResult<T> =
  | { kind: 'missing' }
  | { kind: 'loaded'; value: T }
  | { kind: 'corrupt'; problem: string; movedTo: string };

export class ConfigFile<S extends z.ZodType> {
  constructor(
    readonly filePath: string,
    private readonly schema: S,
  ) {}

  load(): LoadResult<z.infer<S>> {
    let text: string;
    try {
      text = fs.readFileSync(this.filePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
      throw err;
    }
    let problem: string;
    try {
      const parsed = this.schema.safeParse(YAML.parse(text));
      if (parsed.success) return { kind: 'loaded', value: parsed.data };
      problem = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
    }
    const movedTo = `${this.filePath}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(this.filePath, movedTo);
    return { kind: 'corrupt', problem, movedTo };
  }

  save(value: z.infer<S>): void {
    fs.mkdirSync(path.dirname(this.filePath), { recursive: true });
    const tmp = `${this.filePath}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeFileSync(fd, YAML.stringify(value));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (fs.existsSync(this.filePath)) fs.copyFileSync(this.filePath, `${this.filePath}.bak`);
    fs.renameSync(tmp, this.filePath);
  }
}
