import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { agencies, agencyTargets } from "../schema";

export type Target = {
  /** Percent, two decimals (92.5 for 92,50 %). */
  value: number;
  /** The agency whose target it is: the agency itself or the nearest ancestor with one. */
  agencyId: number;
  agencyName: string;
  reportingYear: number;
};

/** The target of the agency at `path` for the reporting year: its own, else its nearest ancestor's. */
export async function targetFor(db: Db, { path, reportingYear }: { path: string; reportingYear: number }): Promise<Target | null> {
  const chain = path.split("/").filter(Boolean).map(Number);
  if (chain.length === 0) return null;
  const found = await db
    .select({ agencyId: agencyTargets.agencyId, hundredths: agencyTargets.targetHundredths, name: agencies.name, path: agencies.path })
    .from(agencyTargets)
    .innerJoin(agencies, eq(agencies.id, agencyTargets.agencyId))
    .where(and(inArray(agencyTargets.agencyId, chain), eq(agencyTargets.reportingYear, reportingYear)));
  // The longest path is the nearest ancestor (the agency itself first).
  const nearest = found.sort((a, b) => b.path.length - a.path.length)[0];
  return nearest ? { value: nearest.hundredths / 100, agencyId: nearest.agencyId, agencyName: nearest.name, reportingYear } : null;
}

/** The agency's own targets, newest year first. */
export async function ownTargets(db: Db, { agencyId }: { agencyId: number }): Promise<{ reportingYear: number; value: number }[]> {
  const list = await db
    .select({ reportingYear: agencyTargets.reportingYear, hundredths: agencyTargets.targetHundredths })
    .from(agencyTargets)
    .where(eq(agencyTargets.agencyId, agencyId))
    .orderBy(desc(agencyTargets.reportingYear));
  return list.map((t) => ({ reportingYear: t.reportingYear, value: t.hundredths / 100 }));
}
