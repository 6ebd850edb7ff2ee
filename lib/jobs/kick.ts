/**
 * The running job runner of this process, if any, kept on globalThis because Next may load a
 * module more than once (instrumentation, routes, pages) and a kick must reach the one runner.
 */
export type RunningJobs = { kick(name: string): void };

const holder = globalThis as unknown as { __haiLongJobs?: RunningJobs };

export function setRunningJobs(jobs: RunningJobs | undefined): void {
  holder.__haiLongJobs = jobs;
}

/** Asks the runner to run a job soon. A process without a runner (a tool, a test) does nothing: the schedule picks the work up. */
export function kickJob(name: string): void {
  try {
    holder.__haiLongJobs?.kick(name);
  } catch (err) {
    console.error(`jobs: could not kick ${name}:`, err instanceof Error ? err.message : err);
  }
}
