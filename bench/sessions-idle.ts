// `npm run bench -- sessions-idle`: a poll with nothing new, both directions — bytes on the
// browser-mode wire (binary frames) and the app's time to answer — for a session showing the
// whole workload grid. Targets: < 100 B each way, < 0.1 ms.
import { figure, type BenchResult } from './bench-result';
import { AppProcess, sleep, workloadFromEnv } from './sessions/driver';

export async function run(): Promise<BenchResult[]> {
  const workload = workloadFromEnv();
  const app = await AppProcess.start(workload);
  try {
    await sleep(3000); // jobs started, layers live
    const idle = await app.idlePoll();
    const note = `${idle.samples} idle polls, ${workload.images + workload.lines} layers shown`;
    return [
      figure('idle poll: request size', idle.requestBytes, { unit: 'B', target: '< 100 B', note }),
      figure('idle poll: response size', idle.responseBytes, { unit: 'B', target: '< 100 B', note }),
      figure('idle poll: app time to answer', idle.medianUs / 1000, { target: '< 0.1 ms', note }),
    ];
  } finally {
    await app.stop();
  }
}
