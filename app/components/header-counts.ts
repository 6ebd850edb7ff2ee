import { cache } from "react";
import { notificationCounts } from "@/db/queries/alerts";
import { getDb } from "@/lib/db";

/**
 * The bell's counts for one request: read once per request (React's per-request cache), fresh on
 * every request, so that the count drops as soon as something is marked read.
 */
export const headerCounts = cache(async (staffId: number) => notificationCounts(await getDb(), { staffId }));

/** Starts reading the counts early, beside a page's own reads; the header awaits the same read. */
export function prefetchHeaderCounts(staffId: number): void {
  headerCounts(staffId).catch(() => {});
}
