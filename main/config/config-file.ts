// One YAML config file: validated on load, written atomically with one backup kept.
//
// Every write goes through a temp file that is fsynced and renamed over its target, and that
// holds for the backup too, so a crash at any instant leaves a complete file and a complete
// backup (never a 0-byte one). Only a file that validates is ever copied to the backup, so a
// good backup is never replaced by something worse. A file that does not parse or validate is
// moved aside (never overwritten) and the backup is loaded instead; the caller is told so it
// can notify the user. Temp files left by a killed process are removed at load.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';

export type LoadResult<T> =
  | { kind: 'missing' }
  | { kind: 'loaded'; value: T }
  /** The file was unusable or missing but the backup was good: loaded from it (and restored). */
  | { kind: 'recovered'; value: T; problem: string; movedTo?: string }
  /** The file was unusable and there is no good backup. */
  | { kind: 'corrupt'; problem: string; movedTo: string };

export class ConfigFile<S extends z.ZodType> {
  constructor(
    readonly filePath: string,
    private readonly schema: S,
  ) {}

  get backupPath(): string {
    return `${this.filePath}.bak`;
  }

  load(): LoadResult<z.infer<S>> {
    this.removeStaleTemps();
    const main = this.read(this.filePath);
    if (main.kind === 'ok') return { kind: 'loaded', value: main.value };
    let movedTo: string | null = null;
    if (main.kind === 'bad') {
      movedTo = `${this.filePath}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(this.filePath, movedTo);
    }
    const backup = this.read(this.backupPath);
    if (backup.kind === 'ok') {
      // The backup becomes the file again, so the next start does not depend on the backup alone.
      this.writeAtomically(this.filePath, backup.text);
      const problem = main.kind === 'bad' ? main.problem : 'the file was missing';
      return movedTo ? { kind: 'recovered', value: backup.value, problem, movedTo } : { kind: 'recovered', value: backup.value, problem };
    }
    if (main.kind === 'missing') return { kind: 'missing' };
    return { kind: 'corrupt', problem: main.problem, movedTo: movedTo! };
  }

  /** Writes `value` unless the file already holds exactly that; the previous (valid) content becomes the backup. */
  save(value: z.infer<S>): void {
    const text = YAML.stringify(value);
    fs.mkdirSync(path.dirname(this.filePath), { recursive: true });
    let current: string | null = null;
    try {
      current = fs.readFileSync(this.filePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (current === text) return;
    if (current !== null && this.parse(current).kind === 'ok') this.writeAtomically(this.backupPath, current);
    this.writeAtomically(this.filePath, text);
  }

  /** Removes `<file>.<pid>.tmp` and `<file>.bak.<pid>.tmp` of processes that no longer run (or of this one). */
  removeStaleTemps(): number {
    const dir = path.dirname(this.filePath);
    const base = path.basename(this.filePath);
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return 0;
    }
    const pattern = new RegExp(`^${escapeRegExp(base)}(?:\\.bak)?\\.(\\d+)\\.tmp$`);
    let removed = 0;
    for (const name of names) {
      const m = pattern.exec(name);
      if (!m) continue;
      const pid = Number(m[1]);
      if (pid !== process.pid && isAlive(pid)) continue;
      try {
        fs.unlinkSync(path.join(dir, name));
        removed++;
      } catch {
        // Gone already (another process cleaned it).
      }
    }
    return removed;
  }

  private read(file: string): { kind: 'missing' } | { kind: 'ok'; value: z.infer<S>; text: string } | { kind: 'bad'; problem: string } {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
      throw err;
    }
    const r = this.parse(text);
    return r.kind === 'ok' ? { ...r, text } : r;
  }

  private parse(text: string): { kind: 'ok'; value: z.infer<S> } | { kind: 'bad'; problem: string } {
    try {
      if (text.trim() === '') return { kind: 'bad', problem: 'the file is empty' };
      const parsed = this.schema.safeParse(YAML.parse(text));
      if (parsed.success) return { kind: 'ok', value: parsed.data };
      return { kind: 'bad', problem: parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ') };
    } catch (err) {
      return { kind: 'bad', problem: err instanceof Error ? err.message.split('\n')[0] : String(err) };
    }
  }

  /** temp file → fsync → rename over the target → fsync the folder: the target is always whole. */
  private writeAtomically(target: string, text: string): void {
    const tmp = `${target}.${process.pid}.tmp`;
    try {
      const fd = fs.openSync(tmp, 'w');
      try {
        fs.writeFileSync(fd, text);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, target);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
    syncDir(path.dirname(target));
  }
}

function syncDir(dir: string): void {
  // Makes the rename itself durable; not supported everywhere (Windows), where it is skipped.
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // best effort
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
