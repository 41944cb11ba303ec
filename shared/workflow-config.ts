// Workflow configurations as sessions see them (the `workflowConfigs` section): per workflow
// the staged config per source (what the next Start / Commit & Restart sends), the committed
// one (what the running job was started with), the sources grouped by identical config with
// the changed groups marked, and the global "confirm before disrupting a device" setting.
// Written by main/jobs/workflow-configs.ts; shown by WorkflowCard.vue in every window.
import type { JsonObject } from './json';

/** One source's job config, as the reference's JobConfig (params nested as on the wire). */
export interface JobConfigView {
  params: JsonObject;
  /** Aux-source slot → chosen stream, sent as WorkflowConfig.aux_source_names. */
  auxSourceNames: Record<string, string>;
}

/** Sources that share one config; `modified` when it differs from the committed one. */
export interface ConfigGroupView {
  sources: string[];
  config: JobConfigView;
  modified: boolean;
}

export interface WorkflowConfigView {
  workflowId: string;
  /** Per source: what the next commit sends. Sources absent here are not started. */
  staged: Record<string, JobConfigView>;
  /** The config of the running (or restored) job, null when stopped. */
  committed: { jobNumber: string; jobs: Record<string, JobConfigView> } | null;
  /** Staged sources grouped by identical config, in source order. */
  groups: ConfigGroupView[];
  /** Workflow sources not staged (will not run on commit). */
  unstaged: string[];
  /** The staged config differs from what runs (or from the last commit / defaults when stopped). */
  changed: boolean;
  /** Who staged the current change (null when there is none). */
  stagedBy: { client: string; sessionId: string; atMs: number } | null;
  /** The running job was adopted from heartbeats without a record: its params are unknown. */
  adoptedWithoutRecord: boolean;
}

export interface WorkflowConfigsView {
  version: number;
  /** Stop, reset and commit of a workflow feeding instrument devices ask first (all sessions). */
  confirmDeviceActions: boolean;
  workflows: Record<string, WorkflowConfigView>;
}

/**
 * Devices a disruptive action (stop, reset, commit) on a workflow would affect now: the
 * catalogue's devices of that workflow whose source runs (the reference's
 * affected_device_names). Shared by main (the rule) and the renderer (the confirm dialog).
 */
export function affectedDevices(
  devices: readonly { deviceName: string; workflowId: string; sourceName: string }[],
  workflowId: string,
  runningSources: readonly string[],
): string[] {
  const running = new Set(runningSources);
  return devices.filter((d) => d.workflowId === workflowId && running.has(d.sourceName)).map((d) => d.deviceName);
}
