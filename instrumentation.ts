/**
 * Opens and migrates the database when the server boots, not on the first request: a fresh
 * embedded database takes several seconds to initialise.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { openAtBoot } = await import("./lib/db");
  await openAtBoot();
}
