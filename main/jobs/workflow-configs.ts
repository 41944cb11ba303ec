// Staged and committed workflow configurations per source (the reference's JobConfig /
// JobSet), the `workflowConfigs` section every window shows, and their persistence in
// `<config>/<instrument>/workflow_configs.yaml` in the reference's format
// ({<workflow id>: {jobs: {<source>: {params, aux_source_names}}, current_job: {job_number, jobs}}}),
// plus `last_committed` (what a stopped workflow's staged config is compared against).
//
// Staging is validated here (shared/params.ts validateParams, aux-source choices, known
// sources); a refusal throws CommandRefused, which goes back to the asking session only.
import { z } from 'zod';
import { JsonObjectSchema, type JsonObject } from '../../shared/json';
import { validateParams, type ParamProblem } from '../../shared/params';
import type { ConfigGroupView, JobConfigView, WorkflowConfigView, WorkflowConfigsView } from '../../shared/workflow-config';
import type { Logger } from '../logging/logger';
import { CommandRefused } from '../sessions/command-router';
import { defaultAuxSources, workflowKey, type InstrumentSpec, type WorkflowSpec } from '../instruments/instrument-spec';

export type Jobs = Record<string, JobConfigView>;

const JobFileSchema = z.object({
  params: JsonObjectSchema.default({}),
  aux_source_names: z.record(z.string(), z.string()).default({}),
});
const JobsFileSchema = z.record(z.string(), JobFileSchema);
const WorkflowEntrySchema = z.object({
  jobs: JobsFileSchema.optional(),
  current_job: z.object({ job_number: z.string().min(1), jobs: JobsFileSchema }).optional(),
  last_committed: JobsFileSchema.optional(),
}).passthrough();
/** The whole file: workflow id → entry (unknown workflows are kept verbatim). */
export const WorkflowConfigsFileSchema = z.record(z.string(), WorkflowEntrySchema);
export type WorkflowConfigsFile = z.infer<typeof WorkflowConfigsFileSchema>;

/** What the store needs of a config file (main/config/config-file.ts ConfigFile fits). */
export interface ConfigFileLike {
  readonly filePath: string;
  load():
    | { kind: 'missing' }
    | { kind: 'loaded'; value: WorkflowConfigsFile }
    | { kind: 'corrupt'; problem: string; movedTo?: string }
    | { kind: string; value?: unknown; problem?: string; movedTo?: string };
  save(value: WorkflowConfigsFile): void;
}

interface State {
  workflow: WorkflowSpec;
  staged: Jobs;
  /** The running job's record (committed, or restored from the file until seen/expired). */
  committed: { jobNumber: string; jobs: Jobs } | null;
  /** The last committed config, kept after a stop (a stopped workflow's staged config is compared with it). */
  lastCommitted: Jobs | null;
  stagedBy: WorkflowConfigView['stagedBy'];
  adoptedWithoutRecord: boolean;
}

export interface StagedBy {
  client: string;
  sessionId: string;
}

export class WorkflowConfigs {
  private readonly states = new Map<string, State>();
  /** Entries of workflows this build does not know: written back verbatim. */
  private foreign: WorkflowConfigsFile = {};
  private version = 1;
  private confirmDevices = true;
  private readonly listeners = new Set<() => void>();
  /** While a recording plays, its jobs must neither be written to this instrument's file nor outlive the replay. */
  private suspended = false;

  constructor(
    private readonly instrument: InstrumentSpec,
    private readonly file: ConfigFileLike | null,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    for (const w of instrument.workflows) {
      const defaults = defaultJobs(w);
      this.states.set(workflowKey(w.id), { workflow: w, staged: defaults, committed: null, lastCommitted: null, stagedBy: null, adoptedWithoutRecord: false });
    }
  }

  /**
   * Restores staged configs and running-job records from the file. Returns problems for the
   * user (a corrupt file moved aside, entries that no longer validate and fell back to defaults).
   */
  load(): string[] {
    if (!this.file) return [];
    const problems: string[] = [];
    let loaded: ReturnType<ConfigFileLike['load']>;
    try {
      loaded = this.file.load();
    } catch (err) {
      return [`Workflow configurations could not be read (${String(err)}); using defaults.`];
    }
    const value = 'value' in loaded ? loaded.value : undefined;
    if (loaded.kind !== 'loaded' && 'problem' in loaded && loaded.problem) {
      // Corrupt (moved aside), or recovered from the backup by the config file.
      const where = loaded.movedTo ? `; moved to ${loaded.movedTo}` : '';
      problems.push(`Workflow configurations file was unusable (${loaded.problem})${where}. ${value ? 'Using its backup.' : 'Using defaults.'}`);
    }
    if (!value) return problems;
    const data = value as WorkflowConfigsFile;
    for (const [key, entry] of Object.entries(data)) {
      const state = this.states.get(key);
      if (!state) {
        this.foreign[key] = entry;
        continue;
      }
      const where = `'${state.workflow.title}'`;
      if (entry.jobs && Object.keys(entry.jobs).length > 0) {
        const jobs = this.restoreJobs(state.workflow, entry.jobs, problems, where);
        if (Object.keys(jobs).length > 0) state.staged = jobs;
      }
      if (entry.last_committed) state.lastCommitted = this.restoreJobs(state.workflow, entry.last_committed, problems, where);
      if (entry.current_job) {
        // Params are kept as recorded: they describe what the backend runs, valid or not today.
        const jobs = fromFileJobs(entry.current_job.jobs, state.workflow);
        if (Object.keys(jobs).length > 0) state.committed = { jobNumber: entry.current_job.job_number, jobs };
      }
    }
    this.logger.info('workflow configurations loaded', { file: this.file.filePath, workflows: Object.keys(data).length });
    this.bump();
    return problems;
  }

  get sectionVersion(): number {
    return this.version;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get confirmDeviceActions(): boolean {
    return this.confirmDevices;
  }

  setConfirmDeviceActions(enabled: boolean): void {
    if (enabled === this.confirmDevices) return;
    this.confirmDevices = enabled;
    this.bump();
  }

  staged(workflowId: string): Jobs {
    return structuredClone(this.state(workflowId).staged);
  }

  committed(workflowId: string): { jobNumber: string; jobs: Jobs } | null {
    const c = this.state(workflowId).committed;
    return c ? structuredClone(c) : null;
  }

  /**
   * Stages one config for `sources` and drops `remove` from the staged set. The params are
   * validated against the workflow's schema; refused with every problem (path: message).
   */
  stage(workflowId: string, sources: string[], params: JsonObject, auxSourceNames: Record<string, string>, remove: string[], by: StagedBy): void {
    const state = this.state(workflowId);
    const w = state.workflow;
    const unknown = [...sources, ...remove].filter((s) => !w.sources.includes(s));
    if (unknown.length > 0) throw new CommandRefused(`${w.title} has no source ${unknown.map((s) => `'${s}'`).join(', ')}`);
    const checked = checkParams(w, params);
    if (checked.problems.length > 0) throw new CommandRefused(`Invalid parameters for ${w.title}: ${formatProblems(checked.problems)}`);
    const aux = checkAux(w, auxSourceNames);
    if (typeof aux === 'string') throw new CommandRefused(`${w.title}: ${aux}`);
    const next = { ...state.staged };
    for (const s of remove) delete next[s];
    for (const s of sources) next[s] = { params: structuredClone(checked.values), auxSourceNames: { ...aux } };
    state.staged = orderJobs(w, next);
    state.stagedBy = jobsEqual(state.staged, this.base(state)) ? null : { ...by, atMs: this.now() };
    this.bump();
    this.persist();
  }

  /** Discards the staged change: back to what runs, else the last commit, else defaults. */
  unstage(workflowId: string): void {
    const state = this.state(workflowId);
    state.staged = structuredClone(this.base(state));
    state.stagedBy = null;
    this.bump();
    this.persist();
  }

  /** The staged jobs, validated again (a restored file may predate a schema change). */
  forCommit(workflowId: string): Jobs {
    const state = this.state(workflowId);
    const w = state.workflow;
    if (Object.keys(state.staged).length === 0) throw new CommandRefused(`${w.title}: no source is selected; configure at least one source`);
    for (const [source, job] of Object.entries(state.staged)) {
      const { problems } = checkParams(w, job.params);
      if (problems.length > 0) throw new CommandRefused(`Invalid parameters for ${w.title} (${source}): ${formatProblems(problems)}`);
    }
    return structuredClone(state.staged);
  }

  /** A commit was sent: the staged jobs are now what runs (persisted at once). */
  committedAs(workflowId: string, jobNumber: string, jobs: Jobs): void {
    const state = this.state(workflowId);
    state.committed = { jobNumber, jobs: structuredClone(jobs) };
    state.lastCommitted = structuredClone(jobs);
    state.stagedBy = null;
    state.adoptedWithoutRecord = false;
    this.bump();
    this.persist();
  }

  /** A job found running without a record: its params are unknown, so nothing is persisted for it. */
  adopted(workflowId: string, jobNumber: string, sources: string[]): void {
    const state = this.state(workflowId);
    state.committed = { jobNumber, jobs: Object.fromEntries(sources.map((s) => [s, { params: {}, auxSourceNames: {} }])) };
    state.adoptedWithoutRecord = true;
    this.bump();
  }

  /** The workflow stopped (by a user, the backend, or a failed start): no running record any more. */
  deactivated(workflowId: string): void {
    const state = this.state(workflowId);
    if (!state.committed && !state.adoptedWithoutRecord) return;
    state.committed = null;
    state.adoptedWithoutRecord = false;
    state.stagedBy = jobsEqual(state.staged, this.base(state)) ? null : state.stagedBy;
    this.bump();
    this.persist();
  }

  /**
   * Replay (main/replay/replay-controller.ts): from now on nothing is written, and the returned
   * function puts back the live records as they were, for the live jobs to re-attach.
   */
  suspendForReplay(): () => void {
    const saved = new Map([...this.states].map(([key, state]) => [key, { ...structuredClone({ ...state, workflow: null }), workflow: state.workflow }]));
    this.suspended = true;
    return () => {
      for (const [key, state] of saved) this.states.set(key, state);
      this.suspended = false;
      this.bump();
    };
  }

  view(): WorkflowConfigsView {
    const workflows: Record<string, WorkflowConfigView> = {};
    for (const [key, state] of this.states) {
      const base = this.base(state);
      workflows[key] = {
        workflowId: key,
        staged: structuredClone(state.staged),
        committed: state.committed ? structuredClone(state.committed) : null,
        groups: groupConfigs(state.workflow, state.staged, base),
        unstaged: state.workflow.sources.filter((s) => !(s in state.staged)),
        changed: !jobsEqual(state.staged, base),
        stagedBy: state.stagedBy,
        adoptedWithoutRecord: state.adoptedWithoutRecord,
      };
    }
    return { version: this.version, confirmDeviceActions: this.confirmDevices, workflows };
  }

  /** Writes the file now (commit, stage, deactivation); a failure is logged, never thrown. */
  persist(): void {
    if (!this.file || this.suspended) return;
    const out: WorkflowConfigsFile = { ...this.foreign };
    for (const [key, state] of this.states) {
      const entry: WorkflowConfigsFile[string] = { jobs: toFileJobs(state.staged) };
      // A job adopted without a record is not written: its params are unknown and the record must not lie.
      if (state.committed && !state.adoptedWithoutRecord) entry.current_job = { job_number: state.committed.jobNumber, jobs: toFileJobs(state.committed.jobs) };
      if (state.lastCommitted) entry.last_committed = toFileJobs(state.lastCommitted);
      out[key] = entry;
    }
    try {
      this.file.save(out);
    } catch (err) {
      this.logger.error('saving workflow configurations failed', { file: this.file.filePath, error: String(err) });
    }
  }

  /** What the staged config is compared against: what runs, else the last commit, else defaults. */
  private base(state: State): Jobs {
    if (state.committed && !state.adoptedWithoutRecord) return state.committed.jobs;
    return state.lastCommitted ?? defaultJobs(state.workflow);
  }

  private restoreJobs(w: WorkflowSpec, jobs: z.infer<typeof JobsFileSchema>, problems: string[], where: string): Jobs {
    const out: Jobs = {};
    for (const [source, job] of Object.entries(fromFileJobs(jobs, w))) {
      const checked = checkParams(w, job.params);
      const aux = checkAux(w, job.auxSourceNames);
      if (checked.problems.length > 0 || typeof aux === 'string') {
        const why = checked.problems.length > 0 ? formatProblems(checked.problems) : String(aux);
        problems.push(`Saved configuration of ${where} for ${source} no longer fits (${why}); using defaults for it.`);
        out[source] = defaultJobs(w)[source] ?? { params: structuredClone(w.params), auxSourceNames: defaultAuxSources(w) };
      } else {
        out[source] = { params: checked.values, auxSourceNames: aux };
      }
    }
    return out;
  }

  private state(workflowId: string): State {
    const s = this.states.get(workflowId);
    if (!s) throw new CommandRefused(`unknown workflow ${workflowId}`);
    return s;
  }

  private bump(): void {
    this.version++;
    for (const l of this.listeners) l();
  }
}

/** Every source with the workflow's default params and aux sources. */
export function defaultJobs(w: WorkflowSpec): Jobs {
  return Object.fromEntries(w.sources.map((s) => [s, { params: structuredClone(w.params), auxSourceNames: defaultAuxSources(w) }]));
}

/**
 * Validates params against the workflow's schema. A workflow without a schema (params {}) takes
 * its params as given, so the defaults of a schema-less spec are never emptied.
 */
export function checkParams(w: WorkflowSpec, params: JsonObject): { values: JsonObject; problems: ParamProblem[] } {
  if (w.paramSchema.length === 0) return { values: structuredClone(params), problems: [] };
  return validateParams(w.paramSchema, params);
}

/** The full aux-source selection (defaults for slots not given), or why it is refused. */
export function checkAux(w: WorkflowSpec, given: Record<string, string>): Record<string, string> | string {
  const out = defaultAuxSources(w);
  for (const [slot, value] of Object.entries(given)) {
    const def = w.auxSources.find((a) => a.key === slot);
    if (!def) return `no aux-source slot '${slot}'`;
    if (!def.choices.some((c) => c.value === value)) return `'${value}' is not a choice for ${def.title} (${def.choices.map((c) => c.value).join(', ')})`;
    out[slot] = value;
  }
  return out;
}

export function formatProblems(problems: ParamProblem[]): string {
  const shown = problems.slice(0, 5).map((p) => `${p.path}: ${p.message}`);
  return problems.length > 5 ? `${shown.join('; ')} (and ${problems.length - 5} more)` : shown.join('; ');
}

/** Sources with identical config grouped (the reference's _group_configs_by_equality), in source order. */
export function groupConfigs(w: WorkflowSpec, staged: Jobs, base: Jobs): ConfigGroupView[] {
  const groups = new Map<string, ConfigGroupView>();
  for (const source of w.sources) {
    const job = staged[source];
    if (!job) continue;
    const key = canonical(job);
    const modified = !base[source] || canonical(base[source]) !== key;
    const g = groups.get(key);
    if (g) {
      g.sources.push(source);
      g.modified ||= modified;
    } else groups.set(key, { sources: [source], config: structuredClone(job), modified });
  }
  return [...groups.values()];
}

export function jobsEqual(a: Jobs, b: Jobs): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  if (ka.join('\n') !== kb.join('\n')) return false;
  return ka.every((k) => canonical(a[k]) === canonical(b[k]));
}

/** Key-order independent JSON (params from YAML and from a form compare equal). */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
}

function orderJobs(w: WorkflowSpec, jobs: Jobs): Jobs {
  return Object.fromEntries(w.sources.filter((s) => s in jobs).map((s) => [s, jobs[s]]));
}

function fromFileJobs(jobs: z.infer<typeof JobsFileSchema>, w: WorkflowSpec): Jobs {
  const out: Jobs = {};
  // Sources the workflow no longer has are dropped (as the reference does).
  for (const [source, job] of Object.entries(jobs)) if (w.sources.includes(source)) out[source] = { params: structuredClone(job.params), auxSourceNames: { ...job.aux_source_names } };
  return orderJobs(w, out);
}

function toFileJobs(jobs: Jobs): z.infer<typeof JobsFileSchema> {
  return Object.fromEntries(Object.entries(jobs).map(([s, j]) => [s, { params: structuredClone(j.params), aux_source_names: { ...j.auxSourceNames } }]));
}
