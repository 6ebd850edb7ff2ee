import { and, eq, like, sql } from "drizzle-orm";
import { z } from "zod";
import { rows, type Db } from "@/db/client";
import { agencies, agencyProcedures, procedures, type Procedure } from "@/db/schema";
import { isUniqueViolation, notFound } from "@/lib/errors";
import { audit, authorize, authorizeGlobal, parseInput, refused, subtreePattern, type AdminActor } from "./common";
import { parseCsv } from "./csv";

// National procedure codes look like "1.001193" or "2.000635"; local catalogues add suffixes.
export const procedureCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9._-]+$/);
const NAME_MAX = 500;
const FIELD_MAX = 200;

const procedureSchema = z.object({
  code: procedureCodeSchema,
  name: z.string().trim().min(1).max(NAME_MAX),
  field: z.string().trim().min(1).max(FIELD_MAX),
});

const updateSchema = procedureSchema.extend({ procedureId: z.coerce.number().int().positive() });

const linkSchema = z.object({
  agencyId: z.coerce.number().int().positive(),
  procedureId: z.coerce.number().int().positive(),
});

export async function createProcedure(db: Db, actor: AdminActor, input: z.input<typeof procedureSchema>): Promise<Procedure> {
  authorizeGlobal(actor, "manage:procedures");
  const data = parseInput(procedureSchema, input);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(procedures).values(data).returning();
      await audit(tx, actor, { action: "procedure.created", entity: "procedure", entityId: row!.id, data });
      return row!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw refused("conflict", "code_taken", "code");
    throw err;
  }
}

export async function updateProcedure(db: Db, actor: AdminActor, input: z.input<typeof updateSchema>): Promise<Procedure> {
  authorizeGlobal(actor, "manage:procedures");
  const { procedureId, ...data } = parseInput(updateSchema, input);
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx.select().from(procedures).where(eq(procedures.id, procedureId)).for("update");
      if (!before) throw notFound("procedure not found");
      const [after] = await tx.update(procedures).set(data).where(eq(procedures.id, procedureId)).returning();
      await audit(tx, actor, {
        action: "procedure.updated",
        entity: "procedure",
        entityId: procedureId,
        data: { before: { code: before.code, name: before.name, field: before.field }, after: data },
      });
      return after!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw refused("conflict", "code_taken", "code");
    throw err;
  }
}

async function requireAgencyInScope(tx: Db, actor: AdminActor, agencyId: number) {
  const [agency] = await tx
    .select({ id: agencies.id })
    .from(agencies)
    .where(and(eq(agencies.id, agencyId), like(agencies.path, subtreePattern(actor.scopePath))));
  if (!agency) throw notFound("agency not found in scope");
}

/** Lets an agency of the actor's subtree handle a procedure (its desk can then record it). */
export async function linkProcedure(db: Db, actor: AdminActor, input: z.input<typeof linkSchema>): Promise<void> {
  authorize(actor, "manage:procedures");
  const data = parseInput(linkSchema, input);
  await db.transaction(async (tx) => {
    await requireAgencyInScope(tx, actor, data.agencyId);
    const [procedure] = await tx.select({ id: procedures.id }).from(procedures).where(eq(procedures.id, data.procedureId));
    if (!procedure) throw notFound("procedure not found");
    const inserted = await tx.insert(agencyProcedures).values(data).onConflictDoNothing().returning({ agencyId: agencyProcedures.agencyId });
    if (inserted.length === 0) throw refused("conflict", "already_linked");
    await audit(tx, actor, { action: "procedure.linked", entity: "procedure", entityId: data.procedureId, data: { agencyId: data.agencyId } });
  });
}

/** Stops an agency handling a procedure; its past dossiers keep their procedure. */
export async function unlinkProcedure(db: Db, actor: AdminActor, input: z.input<typeof linkSchema>): Promise<void> {
  authorize(actor, "manage:procedures");
  const data = parseInput(linkSchema, input);
  await db.transaction(async (tx) => {
    await requireAgencyInScope(tx, actor, data.agencyId);
    const deleted = await tx
      .delete(agencyProcedures)
      .where(and(eq(agencyProcedures.agencyId, data.agencyId), eq(agencyProcedures.procedureId, data.procedureId)))
      .returning({ agencyId: agencyProcedures.agencyId });
    if (deleted.length === 0) throw refused("conflict", "not_linked");
    await audit(tx, actor, { action: "procedure.unlinked", entity: "procedure", entityId: data.procedureId, data: { agencyId: data.agencyId } });
  });
}

// A provincial catalogue has around two thousand procedures; the limits leave room while
// keeping one import a single statement of bounded size.
export const IMPORT_MAX_BYTES = 1024 * 1024;
export const IMPORT_MAX_ROWS = 5000;

export type ImportRowError = { line: number; reason: string; column?: "code" | "name" | "field"; value?: string };
export type ImportResult = { created: number; updated: number; unchanged: number; linked: number };

const HEADERS: Record<"code" | "name" | "field", string[]> = {
  code: ["code", "mã", "mã thủ tục", "ma", "ma thu tuc", "mã tthc"],
  name: ["name", "tên", "tên thủ tục", "ten", "ten thu tuc", "tên tthc"],
  field: ["field", "lĩnh vực", "linh vuc"],
};

function columnOf(header: string): "code" | "name" | "field" | null {
  const h = header.normalize("NFC").trim().toLowerCase();
  for (const [column, names] of Object.entries(HEADERS) as ["code" | "name" | "field", string[]][]) {
    if (names.includes(h)) return column;
  }
  return null;
}

/**
 * Checks a catalogue CSV (columns code, name, field, in any order, with a header row) and
 * returns either every row's error or the rows to write. Pure, so the page can show all errors
 * at once and the import writes nothing unless every row is good.
 */
export function checkCatalogueCsv(content: string): { errors: ImportRowError[] } | { rows: { code: string; name: string; field: string }[] } {
  if (Buffer.byteLength(content, "utf8") > IMPORT_MAX_BYTES) return { errors: [{ line: 0, reason: "file_too_large" }] };
  if (content.includes("\uFFFD")) return { errors: [{ line: 0, reason: "not_utf8" }] };
  const parsed = parseCsv(content);
  if ("error" in parsed) return { errors: [{ line: parsed.line, reason: parsed.error }] };
  const [header, ...body] = parsed.rows;
  if (!header) return { errors: [{ line: 0, reason: "empty_file" }] };
  const columns = header.fields.map(columnOf);
  const index = { code: columns.indexOf("code"), name: columns.indexOf("name"), field: columns.indexOf("field") };
  if (index.code < 0 || index.name < 0 || index.field < 0) return { errors: [{ line: header.line, reason: "missing_header" }] };
  if (body.length === 0) return { errors: [{ line: header.line, reason: "no_rows" }] };
  if (body.length > IMPORT_MAX_ROWS) return { errors: [{ line: 0, reason: "too_many_rows" }] };

  const errors: ImportRowError[] = [];
  const out: { code: string; name: string; field: string }[] = [];
  const seen = new Map<string, number>();
  for (const row of body) {
    const get = (i: number) => (row.fields[i] ?? "").normalize("NFC").trim();
    const code = get(index.code);
    const name = get(index.name);
    const field = get(index.field);
    const before = errors.length;
    if (row.fields.length !== header.fields.length) errors.push({ line: row.line, reason: "column_count" });
    if (!code) errors.push({ line: row.line, reason: "missing", column: "code" });
    else if (!procedureCodeSchema.safeParse(code).success) errors.push({ line: row.line, reason: "invalid_code", column: "code", value: code.slice(0, 60) });
    else if (seen.has(code)) errors.push({ line: row.line, reason: "duplicate_code", column: "code", value: code });
    if (!name) errors.push({ line: row.line, reason: "missing", column: "name" });
    else if (name.length > NAME_MAX) errors.push({ line: row.line, reason: "too_long", column: "name" });
    if (!field) errors.push({ line: row.line, reason: "missing", column: "field" });
    else if (field.length > FIELD_MAX) errors.push({ line: row.line, reason: "too_long", column: "field" });
    if (code) seen.set(code, row.line);
    if (errors.length === before) out.push({ code, name, field });
  }
  return errors.length > 0 ? { errors } : { rows: out };
}

export class CatalogueImportError extends Error {
  constructor(readonly errors: ImportRowError[]) {
    super(`catalogue has ${errors.length} error(s)`);
    this.name = "CatalogueImportError";
  }
}

/**
 * Imports a catalogue: new codes are created, known ones get the file's name and field. All or
 * nothing: one bad row and nothing is written (the errors come back, every one with its line).
 * One statement over unnest arrays, whatever the number of rows. With `agencyId`, every
 * procedure of the file is also linked to that agency.
 */
export async function importCatalogue(db: Db, actor: AdminActor, input: { content: string; agencyId?: number | null }): Promise<ImportResult> {
  authorizeGlobal(actor, "manage:procedures");
  const checked = checkCatalogueCsv(input.content);
  if ("errors" in checked) throw new CatalogueImportError(checked.errors);
  const codes = checked.rows.map((r) => r.code);
  return db.transaction(async (tx) => {
    if (input.agencyId != null) await requireAgencyInScope(tx, actor, input.agencyId);
    const written = await rows<{ id: number; inserted: boolean }>(
      tx,
      sql`insert into procedures (code, name, field)
          select * from unnest(${sql.param(codes)}::text[], ${sql.param(checked.rows.map((r) => r.name))}::text[], ${sql.param(checked.rows.map((r) => r.field))}::text[])
          on conflict (code) do update set name = excluded.name, field = excluded.field
            where (procedures.name, procedures.field) is distinct from (excluded.name, excluded.field)
          returning id, (xmax = 0) as inserted`,
    );
    const created = written.filter((r) => r.inserted).length;
    const updated = written.length - created;
    let linked = 0;
    if (input.agencyId != null) {
      const links = await rows<{ procedure_id: number }>(
        tx,
        sql`insert into agency_procedures (agency_id, procedure_id)
            select ${input.agencyId}::int, id from procedures where code = any(${sql.param(codes)}::text[])
            on conflict do nothing
            returning procedure_id`,
      );
      linked = links.length;
    }
    const result = { created, updated, unchanged: codes.length - written.length, linked };
    await audit(tx, actor, { action: "procedure.imported", entity: "procedure", entityId: null, data: { rows: codes.length, ...result, agencyId: input.agencyId ?? null } });
    return result;
  });
}
