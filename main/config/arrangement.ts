// Control-room window arrangements: a YAML file listing windows (display, bounds, tab, full
// screen/kiosk), written by File > Save Window Arrangement… and opened by File > Open
// Arrangement…, `--arrangement FILE` or the settings entry `arrangement:` in <config>/settings.yaml.
// Hand-edited files are expected (a wall of three monitors), so errors name the file and the field.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { WindowPlacementSchema, type WindowPlacement } from './window-state';

export const ARRANGEMENT_KIND = 'livedata-arrangement/1';

export const ArrangementSchema = z.object({
  kind: z.literal(ARRANGEMENT_KIND),
  windows: z.array(WindowPlacementSchema).min(1).max(32),
});
export type Arrangement = z.infer<typeof ArrangementSchema>;

export class ArrangementError extends Error {
  override name = 'ArrangementError';
}

export function parseArrangement(text: string, file: string): Arrangement {
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (err) {
    throw new ArrangementError(`${file} is not valid YAML: ${(err as Error).message}`);
  }
  const parsed = ArrangementSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new ArrangementError(`${file} is not a window arrangement: ${problems.join('; ')}`);
  }
  return parsed.data;
}

export function readArrangement(file: string): Arrangement {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ArrangementError(`cannot read arrangement ${file}: ${(err as Error).message}`);
  }
  return parseArrangement(text, file);
}

export function formatArrangement(windows: readonly WindowPlacement[]): string {
  const header = '# Livedata Desktop window arrangement: open with --arrangement FILE or File > Open Arrangement…\n';
  return header + YAML.stringify({ kind: ARRANGEMENT_KIND, windows: [...windows] } satisfies Arrangement);
}

/** Written atomically: a wall display's file is never left half-written. */
export function writeArrangement(file: string, windows: readonly WindowPlacement[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, formatArrangement(windows));
  fs.renameSync(tmp, file);
}

/** The `arrangement:` entry of settings.yaml (relative paths are relative to the config folder), or null. */
export function arrangementFromSettings(settings: unknown, configDir: string): string | null {
  if (!settings || typeof settings !== 'object') return null;
  const value = (settings as Record<string, unknown>).arrangement;
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '') throw new ArrangementError(`settings.yaml: arrangement must be a file path, got ${JSON.stringify(value)}`);
  return path.resolve(configDir, value);
}
