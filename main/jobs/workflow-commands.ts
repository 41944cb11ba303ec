// The "workflow" command domain: what sessions may ask of the job orchestrator and the
// workflow configs. A refusal (CommandRefused) goes back to the asking session only; the
// router logs every command with its session and client.
import type { CommandRouter } from '../sessions/command-router';
import type { JobOrchestrator } from './job-orchestrator';

export function registerWorkflowCommands(router: CommandRouter, jobs: JobOrchestrator): void {
  router.handleCommands('workflow', async (cmd, ctx) => {
    switch (cmd.type) {
      case 'workflow.start':
      case 'workflow.commit':
        await jobs.commit(cmd.workflowId, cmd.confirmedDevices ?? []);
        return;
      case 'workflow.stop':
        await jobs.stop(cmd.workflowId, cmd.confirmedDevices ?? []);
        return;
      case 'workflow.reset':
        await jobs.reset(cmd.workflowId, cmd.confirmedDevices ?? []);
        return;
      case 'workflow.stage':
        jobs.configs.stage(cmd.workflowId, cmd.sources, cmd.params, cmd.auxSourceNames, cmd.remove, { client: ctx.client, sessionId: ctx.sessionId });
        return;
      case 'workflow.unstage':
        jobs.configs.unstage(cmd.workflowId);
        return;
      case 'workflow.setDeviceConfirmation':
        jobs.configs.setConfirmDeviceActions(cmd.enabled);
        return;
      case 'workflow.clearStoppedWorkers':
        return jobs.clearStoppedWorkers();
    }
  });
}
