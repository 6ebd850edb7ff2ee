import { and, eq, inArray, isNull, like, sql } from "drizzle-orm";
import { z } from "zod";
import { rows, type Db } from "@/db/client";
import { createAgency } from "@/db/queries/agencies";
import { AGENCY_KINDS, AGENCY_TIERS, agencies, auditLog, reorganisationParts, reorganisations, type Agency, type ReorganisationKind } from "@/db/schema";
import { isForeignKeyViolation, isUniqueViolation, notFound } from "@/lib/errors";
import { now as clockNow } from "@/lib/time/clock";
import { isDay, startOfVietnamDay, vietnamDayOf } from "@/lib/time/vietnam";
import { agencyCodeSchema } from "./agencies";
import { audit, authorize, parseInput, refused, subtreePattern, type AdminActor } from "./common";

/**
 * Reorganisations of the structure (decision 021): planned by an administrator, reversible until
 * their effective date, carried out by a job on that date. Nothing recorded is rewritten: the
 * predecessors end, their pending work (staff, desks, standing codes, API keys, open cases and
 * alerts) moves to the successors, and the dossiers, invitations and answers stay where they were
 * given.
 */

const id = z.coerce.number().int().positive();
const ids = z.array(id).max(500).default([]);

const newAgency = z.object({
  code: agencyCodeSchema,
  name: z.string().trim().min(1).max(200),
  nameEn: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => v || null),
  level: z.string().trim().min(1).max(40),
  tier: z.enum(AGENCY_TIERS).optional(),
  kind: z.enum(AGENCY_KINDS).optional(),
  parentId: id,
});
// The successor: an agency in force (one of the communes keeps its identity) or a new one.
const successorSchema = z.union([z.object({ existingId: id }), z.object({ create: newAgency })]);

const common = {
  effectiveOn: z.string().refine(isDay, "a day as yyyy-mm-dd"),
  basis: z.string().trim().min(1).max(300),
};

const mergeSchema = z.object({ ...common, predecessorIds: z.array(id).min(1).max(200), successor: successorSchema });

const splitSchema = z.object({
  ...common,
  predecessorId: id,
  successors: z
    .array(z.object({ successor: successorSchema, takesRest: z.boolean().default(false), deskIds: ids, procedureIds: ids, staffAccountIds: ids }))
    .min(2)
    .max(50),
});

export type PlannedReorganisation = { id: number; kind: ReorganisationKind; effectiveAt: Date; successorIds: number[] };

/** The Vietnam midnight a reorganisation takes effect at: it must be a day after today. */
function effectiveInstant(effectiveOn: string, now: Date): Date {
  if (effectiveOn <= vietnamDayOf(now)) throw refused("invalid", "effective_not_future", "effectiveOn");
  return startOfVietnamDay(effectiveOn);
}

/** The agencies, locked for the transaction, all inside the actor's subtree (else not found). */
async function lockInScope(tx: Db, actor: AdminActor, agencyIds: number[]): Promise<Agency[]> {
  const found = await tx
    .select()
    .from(agencies)
    .where(and(inArray(agencies.id, agencyIds), like(agencies.path, subtreePattern(actor.scopePath))))
    .orderBy(agencies.id)
    .for("update");
  if (found.length !== new Set(agencyIds).size) throw notFound("agency not found in scope");
  return found;
}

async function lockInForce(tx: Db, actor: AdminActor, agencyIds: number[], field: string): Promise<Agency[]> {
  const found = await lockInScope(tx, actor, agencyIds);
  if (found.some((a) => a.validTo != null || !a.active)) throw refused("conflict", "agency_not_in_force", field);
  return found;
}

/** Each predecessor in force, in no other planned reorganisation, and without children left behind. */
async function checkPredecessors(tx: Db, actor: AdminActor, predecessorIds: number[], effectiveAt: Date, extra: number[] = []): Promise<Agency[]> {
  const found = await lockInForce(tx, actor, predecessorIds, "predecessorIds");
  const [planned] = await rows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from reorganisation_parts p join reorganisations r on r.id = p.reorganisation_id
        where r.status = 'planned' and p.predecessor_id = any(${sql.param(predecessorIds)}::int[])`,
  );
  if (planned!.n > 0) throw refused("conflict", "already_planned", "predecessorIds");
  // A unit's children in force must end with it: predecessors of this reorganisation or of
  // another planned for the same instant.
  const [orphans] = await rows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from agencies c
        where c.parent_id = any(${sql.param(predecessorIds)}::int[]) and c.valid_to is null
          and not c.id = any(${sql.param([...predecessorIds, ...extra])}::int[])
          and not exists (select 1 from reorganisation_parts p join reorganisations r on r.id = p.reorganisation_id
                          where p.predecessor_id = c.id and r.status = 'planned' and r.effective_at = ${effectiveAt.toISOString()}::timestamptz)`,
  );
  if (orphans!.n > 0) throw refused("conflict", "children_left", "predecessorIds");
  return found;
}

/** The successor: an existing agency in force, or a new one created now, not in force until the date. */
async function successorOf(tx: Db, actor: AdminActor, spec: z.infer<typeof successorSchema>, effectiveAt: Date, predecessorIds: number[]): Promise<{ agency: Agency; created: boolean }> {
  if ("existingId" in spec) {
    if (predecessorIds.includes(spec.existingId)) throw refused("invalid", "successor_is_predecessor", "successor");
    const [agency] = await lockInForce(tx, actor, [spec.existingId], "successor");
    return { agency: agency!, created: false };
  }
  const [parent] = await lockInForce(tx, actor, [spec.create.parentId], "parentId");
  if (predecessorIds.includes(parent!.id)) throw refused("invalid", "parent_is_predecessor", "parentId");
  // Created now so that the plan can name it; in force (and active) only from the date.
  const agency = await createAgency(tx, { ...spec.create, parentId: parent!.id, validFrom: effectiveAt, active: false });
  return { agency, created: true };
}

async function withCodeCheck<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isUniqueViolation(err)) throw refused("conflict", "code_taken", "code");
    throw err;
  }
}

/** Plans a merge: the predecessors end on the date and the successor takes over all they had. */
export async function planMerge(db: Db, actor: AdminActor, input: z.input<typeof mergeSchema>, at: Date = clockNow()): Promise<PlannedReorganisation> {
  authorize(actor, "manage:agencies");
  const data = parseInput(mergeSchema, input);
  const predecessorIds = [...new Set(data.predecessorIds)];
  const effectiveAt = effectiveInstant(data.effectiveOn, at);
  return withCodeCheck(() =>
    db.transaction(async (tx) => {
      const predecessors = await checkPredecessors(tx, actor, predecessorIds, effectiveAt);
      const { agency: successor, created } = await successorOf(tx, actor, data.successor, effectiveAt, predecessorIds);
      if (predecessors.length < 2 && created) throw refused("invalid", "merge_needs_two", "predecessorIds");
      const [r] = await tx.insert(reorganisations).values({ kind: "merge", effectiveAt, basis: data.basis, createdById: actor.id }).returning();
      await tx.insert(reorganisationParts).values(predecessors.map((p) => ({ reorganisationId: r!.id, predecessorId: p.id, successorId: successor.id, takesRest: true })));
      await audit(tx, actor, {
        action: "reorganisation.planned",
        entity: "reorganisation",
        entityId: r!.id,
        data: { kind: "merge", effectiveOn: data.effectiveOn, basis: data.basis, predecessors: predecessors.map((p) => p.code), successor: successor.code, successorCreated: created },
      });
      return { id: r!.id, kind: "merge", effectiveAt, successorIds: [successor.id] };
    }),
  );
}

/** Plans a split: one successor takes what no other is given; the others take their desks, procedures and staff. */
export async function planSplit(db: Db, actor: AdminActor, input: z.input<typeof splitSchema>, at: Date = clockNow()): Promise<PlannedReorganisation> {
  authorize(actor, "manage:agencies");
  const data = parseInput(splitSchema, input);
  const effectiveAt = effectiveInstant(data.effectiveOn, at);
  if (data.successors.filter((s) => s.takesRest).length !== 1) throw refused("invalid", "split_needs_one_rest", "successors");
  const mapped = (key: "deskIds" | "procedureIds" | "staffAccountIds") => data.successors.flatMap((s) => s[key]);
  for (const key of ["deskIds", "procedureIds", "staffAccountIds"] as const) {
    if (new Set(mapped(key)).size !== mapped(key).length) throw refused("invalid", "mapped_twice", key);
  }
  return withCodeCheck(() =>
    db.transaction(async (tx) => {
      const [predecessor] = await checkPredecessors(tx, actor, [data.predecessorId], effectiveAt);
      // What the mapping names must belong to the predecessor.
      const [foreign] = await rows<{ n: number }>(
        tx,
        sql`select (select count(*) from unnest(${sql.param(mapped("deskIds"))}::int[]) d(id) where not exists (select 1 from desks where desks.id = d.id and desks.agency_id = ${predecessor!.id}))
                 + (select count(*) from unnest(${sql.param(mapped("staffAccountIds"))}::int[]) s(id) where not exists (select 1 from staff_accounts where staff_accounts.id = s.id and staff_accounts.agency_id = ${predecessor!.id}))
                 + (select count(*) from unnest(${sql.param(mapped("procedureIds"))}::int[]) p(id) where not exists (select 1 from agency_procedures ap where ap.procedure_id = p.id and ap.agency_id = ${predecessor!.id}))
                 as n`,
      );
      if (Number(foreign!.n) > 0) throw refused("invalid", "mapping_not_of_predecessor", "successors");
      const [r] = await tx.insert(reorganisations).values({ kind: "split", effectiveAt, basis: data.basis, createdById: actor.id }).returning();
      const successorIds: number[] = [];
      for (const s of data.successors) {
        const { agency } = await successorOf(tx, actor, s.successor, effectiveAt, [predecessor!.id]);
        if (successorIds.includes(agency.id)) throw refused("invalid", "successor_twice", "successors");
        successorIds.push(agency.id);
        const part = { reorganisationId: r!.id, predecessorId: predecessor!.id, successorId: agency.id };
        await tx.insert(reorganisationParts).values([
          { ...part, takesRest: s.takesRest },
          ...s.deskIds.map((deskId) => ({ ...part, deskId })),
          ...s.procedureIds.map((procedureId) => ({ ...part, procedureId })),
          ...s.staffAccountIds.map((staffAccountId) => ({ ...part, staffAccountId })),
        ]);
      }
      await audit(tx, actor, {
        action: "reorganisation.planned",
        entity: "reorganisation",
        entityId: r!.id,
        data: { kind: "split", effectiveOn: data.effectiveOn, basis: data.basis, predecessor: predecessor!.code, successors: data.successors.map((s, i) => ({ id: successorIds[i], takesRest: s.takesRest, desks: s.deskIds, procedures: s.procedureIds, staff: s.staffAccountIds })) },
      });
      return { id: r!.id, kind: "split", effectiveAt, successorIds };
    }),
  );
}

/**
 * Reverses a planned reorganisation before its date: it and the successors it created are gone,
 * only the audit says it was planned.
 */
export async function reverseReorganisation(db: Db, actor: AdminActor, input: { reorganisationId: unknown; reason: unknown }, at: Date = clockNow()): Promise<void> {
  authorize(actor, "manage:agencies");
  const data = parseInput(z.object({ reorganisationId: id, reason: z.string().trim().min(1).max(500) }), input);
  await db.transaction(async (tx) => {
    const [r] = await tx.select().from(reorganisations).where(eq(reorganisations.id, data.reorganisationId)).for("update");
    if (!r) throw notFound("reorganisation not found");
    const parts = await tx.select().from(reorganisationParts).where(eq(reorganisationParts.reorganisationId, r.id));
    // Everything it touches must lie in the actor's scope.
    await lockInScope(tx, actor, [...new Set(parts.flatMap((p) => [p.predecessorId, p.successorId]))]);
    if (r.status !== "planned" || r.effectiveAt.getTime() <= at.getTime()) throw refused("conflict", "already_effective");
    // Successors created by the plan: not in force before the date, so nothing was recorded under them.
    const created = await tx
      .select({ id: agencies.id, code: agencies.code })
      .from(agencies)
      .where(and(inArray(agencies.id, parts.map((p) => p.successorId)), eq(agencies.validFrom, r.effectiveAt), eq(agencies.active, false)));
    await tx.delete(reorganisations).where(eq(reorganisations.id, r.id));
    if (created.length > 0) {
      try {
        await tx.delete(agencies).where(inArray(agencies.id, created.map((c) => c.id)));
      } catch (err) {
        // A desk, account or child was added to a planned successor meanwhile.
        if (isForeignKeyViolation(err)) throw refused("conflict", "successor_in_use");
        throw err;
      }
    }
    await audit(tx, actor, {
      action: "reorganisation.reversed",
      entity: "reorganisation",
      entityId: r.id,
      data: { kind: r.kind, effectiveOn: vietnamDayOf(r.effectiveAt), basis: r.basis, reason: data.reason, removedSuccessors: created.map((c) => c.code) },
    });
  });
}

/**
 * The job: carries out every planned reorganisation whose instant has come, each in its own
 * transaction, oldest first. Idempotent: a done one is never taken again.
 */
export async function carryOutDueReorganisations(db: Db, ctx: { now: Date }): Promise<Record<string, number>> {
  const due = await db
    .select({ id: reorganisations.id })
    .from(reorganisations)
    .where(and(eq(reorganisations.status, "planned"), sql`${reorganisations.effectiveAt} <= ${ctx.now.toISOString()}::timestamptz`))
    .orderBy(reorganisations.effectiveAt, reorganisations.id);
  const totals: Record<string, number> = { reorganisations: 0 };
  for (const { id: reorganisationId } of due) {
    const moved = await db.transaction((tx) => carryOut(tx, reorganisationId, ctx.now));
    if (!moved) continue;
    totals.reorganisations! += 1;
    for (const [k, v] of Object.entries(moved)) totals[k] = (totals[k] ?? 0) + v;
  }
  return totals;
}

type Moved = { staff: number; desks: number; standingCodes: number; apiKeys: number; cases: number; alerts: number };

async function carryOut(tx: Db, reorganisationId: number, at: Date): Promise<Moved | null> {
  const [r] = await tx.select().from(reorganisations).where(eq(reorganisations.id, reorganisationId)).for("update");
  if (!r || r.status !== "planned") return null;
  const effective = r.effectiveAt.toISOString();
  const rid = r.id;
  // For each predecessor, where each thing goes: the part naming it, else the part taking the rest.
  const count = async (q: ReturnType<typeof sql>) => Number((await rows<{ n: number }>(tx, sql`with moved as (${q}) select count(*)::int as n from moved`))[0]!.n);
  const rest = sql`(select p.successor_id from reorganisation_parts p where p.reorganisation_id = ${rid} and p.predecessor_id = x.agency_id and p.takes_rest)`;

  // Desks: a code already taken at the successor gets the predecessor's code in front. Each move
  // is recorded with the code the desk had, so that an old report naming it still finds it.
  await rows(
    tx,
    sql`insert into reorganisation_parts (reorganisation_id, predecessor_id, successor_id, desk_id, desk_code)
        select ${rid}, x.agency_id, ${rest}, x.id, x.code from desks x
        where x.agency_id in (select predecessor_id from reorganisation_parts where reorganisation_id = ${rid})
          and not exists (select 1 from reorganisation_parts m where m.reorganisation_id = ${rid} and m.desk_id = x.id)`,
  );
  await rows(tx, sql`update reorganisation_parts m set desk_code = d.code from desks d where m.reorganisation_id = ${rid} and m.desk_id = d.id and m.desk_code is null`);
  const desks = await count(
    sql`update desks d set agency_id = m.successor_id,
          code = case when exists (select 1 from desks o where o.agency_id = m.successor_id and o.code = d.code and o.id <> d.id)
                        or (select count(*) from reorganisation_parts m2 join desks d2 on d2.id = m2.desk_id
                            where m2.reorganisation_id = ${rid} and m2.successor_id = m.successor_id and d2.code = d.code) > 1
                      then a.code || '-' || d.code else d.code end
        from reorganisation_parts m, agencies a
        where m.reorganisation_id = ${rid} and m.desk_id = d.id and a.id = m.predecessor_id
        returning d.id`,
  );
  const staff = await count(
    sql`update staff_accounts x set agency_id = coalesce((select p.successor_id from reorganisation_parts p where p.reorganisation_id = ${rid} and p.staff_account_id = x.id), ${rest})
        where x.agency_id in (select predecessor_id from reorganisation_parts where reorganisation_id = ${rid}) returning x.id`,
  );
  const standingCodes = await count(
    sql`update standing_codes x set agency_id = coalesce((select d.agency_id from desks d where d.id = x.desk_id), ${rest})
        where x.agency_id in (select predecessor_id from reorganisation_parts where reorganisation_id = ${rid}) returning x.id`,
  );
  const apiKeys = await count(
    sql`update api_keys x set agency_id = ${rest}
        where x.agency_id in (select predecessor_id from reorganisation_parts where reorganisation_id = ${rid}) returning x.id`,
  );
  // Open cases follow the desk or procedure of the answer's dossier, else the rest; each move is
  // a forward in the case's own history.
  const [movedCases] = await rows<{ n: number }>(
    tx,
    sql`with target as (
          select x.id, x.agency_id as from_id,
                 coalesce((select m.successor_id from reorganisation_parts m where m.reorganisation_id = ${rid} and m.desk_id = s.desk_id and m.predecessor_id = x.agency_id),
                          (select m.successor_id from reorganisation_parts m where m.reorganisation_id = ${rid} and m.procedure_id = s.procedure_id and m.predecessor_id = x.agency_id),
                          ${rest}) as to_id
          from cases x join responses s on s.id = x.response_id
          where x.closed_at is null and x.agency_id in (select predecessor_id from reorganisation_parts where reorganisation_id = ${rid})
        ), moved as (
          update cases c set agency_id = t.to_id, updated_at = ${effective}::timestamptz from target t where c.id = t.id returning c.id, t.from_id, t.to_id
        ), forwards as (
          insert into case_forwards (case_id, from_agency_id, to_agency_id, at) select id, from_id, to_id, ${effective}::timestamptz from moved
        ), events as (
          insert into case_events (case_id, at, kind, data)
          select id, ${effective}::timestamptz, 'forwarded', jsonb_build_object('reorganisationId', ${rid}::int, 'fromAgencyId', from_id, 'toAgencyId', to_id) from moved
        )
        select count(*)::int as n from moved`,
  );
  // Open alerts move unless the successor has the same one open: then the predecessor's closes.
  await rows(
    tx,
    sql`update alerts x set closed_on = ${vietnamDayOf(r.effectiveAt)}::date
        where x.closed_on is null and x.agency_id in (select predecessor_id from reorganisation_parts where reorganisation_id = ${rid})
          and exists (select 1 from alerts o where o.agency_id = ${rest} and o.element = x.element and o.window_days = x.window_days and o.closed_on is null)`,
  );
  const alerts = await count(
    sql`update alerts x set agency_id = ${rest}
        where x.closed_on is null and x.agency_id in (select predecessor_id from reorganisation_parts where reorganisation_id = ${rid}) returning x.id`,
  );
  // The successors handle the procedures their predecessors handled (mapped ones go to their successor only).
  await rows(
    tx,
    sql`insert into agency_procedures (agency_id, procedure_id)
        select distinct coalesce((select m.successor_id from reorganisation_parts m where m.reorganisation_id = ${rid} and m.procedure_id = ap.procedure_id and m.predecessor_id = ap.agency_id),
                                 (select m.successor_id from reorganisation_parts m where m.reorganisation_id = ${rid} and m.predecessor_id = ap.agency_id and m.takes_rest)),
               ap.procedure_id
        from agency_procedures ap where ap.agency_id in (select predecessor_id from reorganisation_parts where reorganisation_id = ${rid})
        on conflict do nothing`,
  );
  // The predecessors end; the successors created by the plan come into force.
  await tx
    .update(agencies)
    .set({ validTo: r.effectiveAt, active: false })
    .where(and(sql`${agencies.id} in (select predecessor_id from reorganisation_parts where reorganisation_id = ${rid})`, isNull(agencies.validTo)));
  await tx
    .update(agencies)
    .set({ active: true })
    .where(and(sql`${agencies.id} in (select successor_id from reorganisation_parts where reorganisation_id = ${rid})`, eq(agencies.validFrom, r.effectiveAt)));
  await tx.update(reorganisations).set({ status: "done", carriedOutAt: at }).where(eq(reorganisations.id, rid));
  const moved: Moved = { staff, desks, standingCodes, apiKeys, cases: Number(movedCases!.n), alerts };
  await tx.insert(auditLog).values({ actorKind: "system", action: "reorganisation.carried_out", entity: "reorganisation", entityId: String(rid), data: { kind: r.kind, effectiveOn: vietnamDayOf(r.effectiveAt), moved } });
  return moved;
}
