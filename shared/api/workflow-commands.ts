// Workflow commands (domain "workflow"): handled by main/jobs/workflow-commands.ts.
// Staging never disrupts anything; commit, stop and reset of a workflow feeding instrument
// devices carry the device names the user confirmed (main refuses when a device would be
// disrupted without confirmation while the global setting asks for it).
import { z } from 'zod';
import { JsonObjectSchema } from '../json';

const id = z.string().min(1).max(200);
const sourceList = z.array(id).max(256);
/** Device names the user saw and confirmed in the dialog. */
const confirmed = z.array(z.string().max(200)).max(256).optional();

export const WorkflowCommandSchema = z.discriminatedUnion('type', [
  /** Start = commit of the staged config (kept for clients that know only "start"). */
  z.object({ type: z.literal('workflow.start'), workflowId: id, confirmedDevices: confirmed }),
  z.object({ type: z.literal('workflow.stop'), workflowId: id, confirmedDevices: confirmed }),
  z.object({ type: z.literal('workflow.reset'), workflowId: id, confirmedDevices: confirmed }),
  /**
   * Stage one config for `sources` (each gets these params and aux sources) and drop `remove`
   * from the staged set; other staged sources keep theirs. Validated in main.
   */
  z.object({
    type: z.literal('workflow.stage'),
    workflowId: id,
    sources: sourceList,
    params: JsonObjectSchema,
    auxSourceNames: z.record(z.string().max(200), z.string().max(200)).default({}),
    remove: sourceList.default([]),
  }),
  /** Discard the staged change: back to the committed config (or the last one / defaults). */
  z.object({ type: z.literal('workflow.unstage'), workflowId: id }),
  /** Stop the old job numbers, then one config per staged source with a fresh job number. */
  z.object({ type: z.literal('workflow.commit'), workflowId: id, confirmedDevices: confirmed }),
  /** The global "confirm before disrupting a device" setting (all sessions). */
  z.object({ type: z.literal('workflow.setDeviceConfirmation'), enabled: z.boolean() }),
  /** Forget stopped and stale backend workers (System tab). */
  z.object({ type: z.literal('workflow.clearStoppedWorkers') }),
]);
export type WorkflowCommand = z.infer<typeof WorkflowCommandSchema>;
