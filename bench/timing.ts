import { performance } from "node:perf_hooks";

/** How many timed runs follow the warm-up run in the leader-page benchmarks. */
export const RUNS = 9;

/** Median and max of RUNS runs of `fn`, after one unmeasured warm-up run. */
export async function time(fn: () => Promise<unknown>): Promise<{ median: number; max: number }> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)]!, max: samples[samples.length - 1]! };
}
