// The "workflow" command domain: what sessions may ask of the job orchestrator.
import type { CommandRouter } from '../sessions/command-router';
import type { JobOrchestrator } from './job-orchestrator';

export function registerWorkflowCommands(router: CommandRouter, jobs: JobOrchestrator): void {
  router.handleCommands('workflow', async (cmd) => {
    switch (cmd.type) {
      case 'workflow.start':
        await jobs.start(cmd.workflowId);
        return;
      case 'workflow.stop':
        await jobs.stop(cmd.workflowId);
        return;
      case 'workflow.reset':
        await jobs.reset(cmd.workflowId);
        return;
    }
  });
}
