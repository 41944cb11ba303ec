// The optional settings file `<config>/settings.yaml` (e.g. a `kafka:` section). Unlike the
// layout it is written by people, so a broken file stops the start with a clear message
// naming the file, instead of silently falling back to other settings.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

export class SettingsFileError extends Error {
  override name = 'SettingsFileError';
}

export function settingsPath(configDir: string): string {
  return path.join(configDir, 'settings.yaml');
}

/** The parsed file, or null when there is none. */
export function readSettingsFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SettingsFileError(`cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return YAML.parse(text) ?? null;
  } catch (err) {
    throw new SettingsFileError(`${file} is not valid YAML: ${(err as Error).message}`);
  }
}
