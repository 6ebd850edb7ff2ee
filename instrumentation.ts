/**
 * Opens and migrates the database when the server boots, not on the first request: a fresh
 * embedded database takes several seconds to initialise. The jobs start after it, in the server
 * only: never while `next build` renders pages.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { openAtBoot, getDatabase } = await import("./lib/db");
  await openAtBoot();
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startJobsAtBoot } = await import("./lib/jobs/runner");
  await startJobsAtBoot(await getDatabase());
}
