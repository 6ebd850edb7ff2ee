/** One finished run, for the log of a worker and for tests. */
export type RunReport = {
  job: string;
  /** pg-boss's job id, or `name@tick` on the embedded runner. */
  id: string;
  trigger: "schedule" | "kick" | "catch-up";
  ok: boolean;
  counts?: Record<string, number>;
  error?: string;
  ms: number;
};

export type JobRunner = {
  mode: "pg-boss" | "embedded";
  /** Settles once the runner has registered its jobs; what was due at start then runs at once. */
  ready: Promise<void>;
  kick(name: string): void;
  /** Stops taking new runs and waits for the one in progress. */
  stop(): Promise<void>;
};
