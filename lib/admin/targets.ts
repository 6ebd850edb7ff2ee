import { and, eq, like } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { agencies, agencyTargets } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { now } from "@/lib/time/clock";
import { audit, authorize, parseInput, subtreePattern, type AdminActor } from "./common";

// "92,5", "92.50" or "92,50 %": the decimal comma as leaders write it; at most two decimals.
const percent = z
  .string()
  .trim()
  .transform((v) => v.replace(/\s*%$/, "").replace(",", "."))
  .pipe(z.union([z.literal(""), z.string().regex(/^\d{1,3}(\.\d{1,2})?$/)]))
  .transform((v) => (v === "" ? null : Math.round(Number(v) * 100)))
  .refine((v) => v == null || (v >= 0 && v <= 10_000), { message: "out_of_range" });

const targetSchema = z.object({
  agencyId: z.coerce.number().int().positive(),
  reportingYear: z.coerce.number().int().min(2000).max(2100),
  /** Empty removes the agency's own target (its units then read their ancestor's again). */
  target: percent,
});

/** Sets or removes the headline target of an agency in the actor's subtree for one reporting year, audited. */
export async function setAgencyTarget(db: Db, actor: AdminActor, input: z.input<typeof targetSchema>): Promise<{ value: number | null }> {
  authorize(actor, "manage:agencies");
  const data = parseInput(targetSchema, input);
  return db.transaction(async (tx) => {
    const [agency] = await tx
      .select({ id: agencies.id })
      .from(agencies)
      .where(and(eq(agencies.id, data.agencyId), like(agencies.path, subtreePattern(actor.scopePath))));
    if (!agency) throw notFound("agency not found in scope");
    const key = and(eq(agencyTargets.agencyId, agency.id), eq(agencyTargets.reportingYear, data.reportingYear));
    const [before] = await tx.select({ hundredths: agencyTargets.targetHundredths }).from(agencyTargets).where(key);
    if (data.target == null) await tx.delete(agencyTargets).where(key);
    else {
      await tx
        .insert(agencyTargets)
        .values({ agencyId: agency.id, reportingYear: data.reportingYear, targetHundredths: data.target, updatedBy: actor.id, updatedAt: now() })
        .onConflictDoUpdate({
          target: [agencyTargets.agencyId, agencyTargets.reportingYear],
          set: { targetHundredths: data.target, updatedBy: actor.id, updatedAt: now() },
        });
    }
    const value = data.target == null ? null : data.target / 100;
    await audit(tx, actor, {
      action: "agency.target_set",
      entity: "agency",
      entityId: agency.id,
      data: { reportingYear: data.reportingYear, before: before ? before.hundredths / 100 : null, after: value },
    });
    return { value };
  });
}
