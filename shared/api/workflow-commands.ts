// Workflow commands (domain "workflow"): handled by the job orchestrator.
import { z } from 'zod';

const id = z.string().min(1).max(200);

export const WorkflowCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('workflow.start'), workflowId: id }),
  z.object({ type: z.literal('workflow.stop'), workflowId: id }),
  z.object({ type: z.literal('workflow.reset'), workflowId: id }),
]);
export type WorkflowCommand = z.infer<typeof WorkflowCommandSchema>;
