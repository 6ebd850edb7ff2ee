import { and, eq, like } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { agencies, desks, roles, staffAccounts, type Role } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { clearAllSignInCounters, signInCounters, signInSubject, type SignInCounters } from "@/lib/auth/throttle";
import { authSecret } from "@/lib/env";
import { now } from "@/lib/time/clock";
import { isUniqueViolation, notFound } from "@/lib/errors";
import { audit, authorize, parseInput, positiveId, refused, subtreePattern, type AdminActor } from "./common";

// Long enough to resist guessing through the sign-in form; the upper bound keeps scrypt's input sane.
const passwordSchema = z.string().min(8).max(128);

const optionalDesk = z
  .union([z.literal(""), z.coerce.number().int().positive()])
  .optional()
  .transform((v) => (v === "" || v === undefined ? null : v));

const createSchema = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .min(3)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9._-]*$/),
  name: z.string().trim().min(1).max(120),
  role: z.enum(roles),
  agencyId: z.coerce.number().int().positive(),
  deskId: optionalDesk,
  password: passwordSchema,
});

const changeSchema = z.object({
  accountId: z.coerce.number().int().positive(),
  name: z.string().trim().min(1).max(120),
  role: z.enum(roles),
  agencyId: z.coerce.number().int().positive(),
  deskId: optionalDesk,
});

const resetSchema = z.object({ accountId: z.coerce.number().int().positive(), password: passwordSchema });

/** The agency (and desk) an account is given must lie in the actor's subtree. */
async function checkPlacement(tx: Db, actor: AdminActor, role: Role, agencyId: number, deskId: number | null) {
  const [agency] = await tx
    .select({ id: agencies.id, active: agencies.active })
    .from(agencies)
    .where(and(eq(agencies.id, agencyId), like(agencies.path, subtreePattern(actor.scopePath))));
  if (!agency) throw refused("forbidden", "agency_out_of_scope", "agencyId");
  if (!agency.active) throw refused("conflict", "agency_inactive", "agencyId");
  // A kiosk is a tablet at one counter: without a desk its surveys could not be attributed.
  if (role === "kiosk" && deskId == null) throw refused("invalid", "kiosk_needs_desk", "deskId");
  if (deskId != null) {
    const [desk] = await tx
      .select({ id: desks.id })
      .from(desks)
      .where(and(eq(desks.id, deskId), eq(desks.agencyId, agencyId), eq(desks.active, true)));
    if (!desk) throw refused("invalid", "desk_not_in_agency", "deskId");
  }
}

/** An account whose agency lies in the actor's subtree, locked for the transaction. */
async function lockAccountInScope(tx: Db, actor: AdminActor, accountId: number) {
  const [row] = await tx
    .select({ account: staffAccounts })
    .from(staffAccounts)
    .innerJoin(agencies, eq(agencies.id, staffAccounts.agencyId))
    .where(and(eq(staffAccounts.id, accountId), like(agencies.path, subtreePattern(actor.scopePath))))
    .for("update", { of: staffAccounts });
  if (!row) throw notFound("account not found in scope");
  return row.account;
}

export async function createAccount(db: Db, actor: AdminActor, input: z.input<typeof createSchema>): Promise<{ id: number; username: string }> {
  authorize(actor, "manage:accounts");
  const data = parseInput(createSchema, input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await db.transaction(async (tx) => {
      await checkPlacement(tx, actor, data.role, data.agencyId, data.deskId);
      const [row] = await tx
        .insert(staffAccounts)
        .values({ username: data.username, name: data.name, role: data.role, agencyId: data.agencyId, deskId: data.deskId, passwordHash })
        .returning({ id: staffAccounts.id, username: staffAccounts.username });
      await audit(tx, actor, {
        action: "account.created",
        entity: "staff_account",
        entityId: row!.id,
        data: { username: data.username, role: data.role, agencyId: data.agencyId, deskId: data.deskId },
      });
      return row!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw refused("conflict", "username_taken", "username");
    throw err;
  }
}

/**
 * Changes an account's name, role, agency or desk. An administrator cannot change their own
 * role or agency: one slip would lock them out of the page they are on.
 */
export async function changeAccount(db: Db, actor: AdminActor, input: z.input<typeof changeSchema>): Promise<void> {
  authorize(actor, "manage:accounts");
  const data = parseInput(changeSchema, input);
  await db.transaction(async (tx) => {
    const before = await lockAccountInScope(tx, actor, data.accountId);
    if (before.id === actor.id && (data.role !== before.role || data.agencyId !== before.agencyId)) {
      throw refused("forbidden", "self_lockout", "role");
    }
    await checkPlacement(tx, actor, data.role, data.agencyId, data.deskId);
    await tx
      .update(staffAccounts)
      .set({ name: data.name, role: data.role, agencyId: data.agencyId, deskId: data.deskId })
      .where(eq(staffAccounts.id, before.id));
    await audit(tx, actor, {
      action: "account.changed",
      entity: "staff_account",
      entityId: before.id,
      data: {
        before: { name: before.name, role: before.role, agencyId: before.agencyId, deskId: before.deskId },
        after: { name: data.name, role: data.role, agencyId: data.agencyId, deskId: data.deskId },
      },
    });
  });
}

/** Sets a new password chosen by the administrator; the audit row never holds it. */
export async function resetPassword(db: Db, actor: AdminActor, input: z.input<typeof resetSchema>): Promise<void> {
  authorize(actor, "manage:accounts");
  const data = parseInput(resetSchema, input);
  const passwordHash = await hashPassword(data.password);
  await db.transaction(async (tx) => {
    const account = await lockAccountInScope(tx, actor, data.accountId);
    await tx.update(staffAccounts).set({ passwordHash }).where(eq(staffAccounts.id, account.id));
    await audit(tx, actor, { action: "account.password_reset", entity: "staff_account", entityId: account.id, data: { username: account.username } });
  });
}

/** Deactivates (or reactivates) an account; sessions end at once since every request reloads the account. */
export async function setAccountActive(db: Db, actor: AdminActor, input: { accountId: unknown; active: boolean }): Promise<void> {
  authorize(actor, "manage:accounts");
  const accountId = positiveId(input.accountId);
  await db.transaction(async (tx) => {
    const account = await lockAccountInScope(tx, actor, accountId);
    if (account.id === actor.id && !input.active) throw refused("forbidden", "self_lockout");
    const changed = await tx
      .update(staffAccounts)
      .set({ active: input.active })
      .where(and(eq(staffAccounts.id, account.id), eq(staffAccounts.active, !input.active)))
      .returning({ id: staffAccounts.id });
    if (changed.length === 0) throw refused("conflict", "already_done");
    await audit(tx, actor, {
      action: input.active ? "account.reactivated" : "account.deactivated",
      entity: "staff_account",
      entityId: account.id,
      data: { username: account.username },
    });
  });
}

/** The sign-in counters of an account in the actor's subtree, for its page. */
export async function readSignInCounters(
  db: Db,
  actor: AdminActor,
  input: { accountId: unknown; secret?: string },
): Promise<SignInCounters> {
  authorize(actor, "manage:accounts");
  const accountId = positiveId(input.accountId);
  const [account] = await db
    .select({ username: staffAccounts.username })
    .from(staffAccounts)
    .innerJoin(agencies, eq(agencies.id, staffAccounts.agencyId))
    .where(and(eq(staffAccounts.id, accountId), like(agencies.path, subtreePattern(actor.scopePath))));
  if (!account) throw notFound("account not found in scope");
  return signInCounters(db, { subject: signInSubject(account.username, input.secret ?? authSecret()), now: now() });
}

/**
 * Clears every sign-in counter of an account, every client's hold included: for the owner who
 * mistyped, or after an attack has been dealt with. Audited with the number of records removed.
 */
export async function clearSignInCounters(db: Db, actor: AdminActor, input: { accountId: unknown; secret?: string }): Promise<{ cleared: number }> {
  authorize(actor, "manage:accounts");
  const accountId = positiveId(input.accountId);
  const secret = input.secret ?? authSecret();
  return db.transaction(async (tx) => {
    const account = await lockAccountInScope(tx, actor, accountId);
    const cleared = await clearAllSignInCounters(tx, { subject: signInSubject(account.username, secret) });
    await audit(tx, actor, { action: "account.sign_in_cleared", entity: "staff_account", entityId: account.id, data: { username: account.username, cleared } });
    return { cleared };
  });
}
