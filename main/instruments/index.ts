// The instrument registry: the built-in catalogues (resources/instruments/*.yaml, shipped with
// the app) plus any in `<config>/instruments/*.yaml`, which add instruments or replace built-in
// ones, so a facility adds an instrument without a release. A broken user catalogue is logged,
// reported to the caller (it becomes a notification) and skipped; it never stops the app.
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logging/logger';
import { CatalogueError, parseCatalogue } from './catalogue-file';
import { buildInstrumentSpec } from './build-spec';
import type { InstrumentSpec } from './instrument-spec';

export type { InstrumentSpec } from './instrument-spec';
export { findWorkflow, workflowKey } from './instrument-spec';

/** Where the built-in catalogues are: a packaged app's resources, else the source tree. */
export function builtinCatalogueDir(): string {
  const candidates: string[] = [];
  if (process.env.LIVEDATA_BUILTIN_INSTRUMENTS) candidates.push(process.env.LIVEDATA_BUILTIN_INSTRUMENTS);
  // electron-builder extraResources (electron-builder.yml) put them next to app.asar.
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(path.join(resourcesPath, 'instruments'));
  // Compiled: dist/node/main/instruments → <root>/resources/instruments; source (tests): main/instruments.
  candidates.push(path.resolve(__dirname, '../../../../resources/instruments'), path.resolve(__dirname, '../../resources/instruments'));
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'dummy.yaml')));
  if (!found) throw new Error(`built-in instrument catalogues not found (looked in ${candidates.join(', ')})`);
  return found;
}

export interface LoadCataloguesOptions {
  /** The per-user config folder; its `instruments/` sub-folder may add or replace catalogues. null = none. */
  configDir?: string | null;
  /** Overrides the built-in folder (tests). */
  builtinDir?: string;
  logger?: Logger;
}

export interface CatalogueProblem {
  file: string;
  message: string;
}

/** A loaded spec, or the built-in file it will be parsed from on first use (startup reads one). */
type Entry = InstrumentSpec | { file: string };

export class InstrumentRegistry {
  constructor(
    private readonly specs: Map<string, Entry>,
    /** Broken catalogue files that were skipped: for the log and a notification. */
    readonly problems: readonly CatalogueProblem[],
  ) {}

  names(): string[] {
    return [...this.specs.keys()].sort();
  }

  get(name: string): InstrumentSpec | undefined {
    const entry = this.specs.get(name);
    if (!entry || !('file' in entry) || 'catalogue' in entry) return entry as InstrumentSpec | undefined;
    const spec = loadFile(entry.file);
    if (spec.name !== name) throw new Error(`${entry.file}: instrument "${spec.name}" must be in a file named ${spec.name}.yaml`);
    this.specs.set(name, spec);
    return spec;
  }

  /** The instrument, or an error that lists the known ones. */
  byName(name: string): InstrumentSpec {
    const spec = this.get(name);
    if (!spec) throw new Error(`unknown instrument '${name}' (known: ${this.names().join(', ')})`);
    return spec;
  }

  /** One line per skipped file, for a notification. */
  problemNotices(): string[] {
    return this.problems.map((p) => `Instrument catalogue ${p.file} was skipped: ${p.message}`);
  }
}

function yamlFiles(dir: string): string[] {
  try {
    return fs.readdirSync(dir).filter((f) => /\.ya?ml$/i.test(f)).sort().map((f) => path.join(dir, f));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

function loadFile(file: string): InstrumentSpec {
  return buildInstrumentSpec(parseCatalogue(fs.readFileSync(file, 'utf8'), file), file);
}

/**
 * Reads the user's catalogues and indexes the built-in ones (parsed on first use). A broken
 * built-in catalogue is a bug and throws; a broken user catalogue is skipped and reported.
 */
export function loadInstrumentRegistry(options: LoadCataloguesOptions = {}): InstrumentRegistry {
  const specs = new Map<string, Entry>();
  const problems: CatalogueProblem[] = [];
  for (const file of yamlFiles(options.builtinDir ?? builtinCatalogueDir())) {
    specs.set(path.basename(file).replace(/\.ya?ml$/i, ''), { file });
  }
  if (options.configDir) {
    for (const file of yamlFiles(path.join(options.configDir, 'instruments'))) {
      try {
        const spec = loadFile(file);
        const replaced = specs.has(spec.name);
        specs.set(spec.name, spec);
        options.logger?.info(replaced ? 'instrument catalogue replaces the built-in one' : 'instrument catalogue added', { instrument: spec.name, file });
      } catch (err) {
        const message = err instanceof CatalogueError ? err.problems.join('; ') : err instanceof Error ? err.message : String(err);
        problems.push({ file, message });
        options.logger?.error('instrument catalogue skipped', { file, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
  return new InstrumentRegistry(specs, problems);
}

let builtin: InstrumentRegistry | null = null;

/** The built-in catalogues only (loaded once). */
export function builtinInstruments(): InstrumentRegistry {
  return (builtin ??= loadInstrumentRegistry());
}

/** Names of the built-in instruments, for --help. */
export function builtinInstrumentNames(): string[] {
  try {
    return yamlFiles(builtinCatalogueDir()).map((f) => path.basename(f).replace(/\.ya?ml$/i, '')).sort();
  } catch {
    return [];
  }
}

/**
 * An instrument by name, from the built-in catalogues and, with `configDir`, the user's.
 * Throws "unknown instrument 'x' (known: …)" for an unknown name.
 */
export function instrumentByName(name: string, options?: LoadCataloguesOptions): InstrumentSpec {
  const registry = options ? loadInstrumentRegistry(options) : builtinInstruments();
  return registry.byName(name);
}
