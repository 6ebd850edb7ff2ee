import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agencies, auditLog, staffAccounts, type Role } from "@/db/schema";
import { now } from "@/lib/time/clock";
import { verifyPassword } from "./password";
import { auditsRefusal, beginSignInAttempt, clearSignInCounters, clientTag, signInSubject } from "./throttle";

export type StaffUser = {
  id: number;
  username: string;
  name: string;
  role: Role;
  agencyId: number;
  agencyName: string;
  /** The subtree this person may see and act in: a prefix of agencies.path. */
  scopePath: string;
  deskId: number | null;
};

// A real hash of a random password: comparing against it costs what a real check costs, so
// the response time does not reveal whether a username exists.
const DUMMY_HASH =
  "scrypt$32768$8$1$R-M4TQVcNM--Ez_Y3W0JOg$SX9wWesEGA8T5r5PqV19HD_vc8bE_yKTbi6lgKCMZw8";

async function loadStaff(db: Db, where: ReturnType<typeof eq>) {
  const [row] = await db
    .select({
      id: staffAccounts.id,
      username: staffAccounts.username,
      name: staffAccounts.name,
      role: staffAccounts.role,
      agencyId: staffAccounts.agencyId,
      agencyName: agencies.name,
      scopePath: agencies.path,
      deskId: staffAccounts.deskId,
      active: staffAccounts.active,
      passwordHash: staffAccounts.passwordHash,
    })
    .from(staffAccounts)
    .innerJoin(agencies, eq(agencies.id, staffAccounts.agencyId))
    .where(where);
  return row ?? null;
}

function toUser(row: NonNullable<Awaited<ReturnType<typeof loadStaff>>>): StaffUser {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    role: row.role,
    agencyId: row.agencyId,
    agencyName: row.agencyName,
    scopePath: row.scopePath,
    deskId: row.deskId,
  };
}

export type SignInResult =
  | { outcome: "signed_in"; user: StaffUser }
  | { outcome: "failed" }
  /** Refused before the password was checked (lib/auth/throttle.ts): try again after the wait. */
  | { outcome: "throttled"; retryAfterSeconds: number };

async function auditSignIn(db: Db, action: "sign_in.failed" | "sign_in.refused", accountId: number | null, data: Record<string, unknown>) {
  // No actor: whoever typed is not known to be the account's owner. Never the password, never
  // the username typed for an unknown account (it may be a password typed in the wrong field).
  await db.insert(auditLog).values({
    actorKind: "system",
    actorId: null,
    action,
    entity: "staff_account",
    entityId: accountId == null ? null : String(accountId),
    data,
  });
}

/**
 * Signs a member of staff in, within the sign-in limits (lib/auth/throttle.ts): a refused attempt
 * never has its password checked. Fails without saying why (unknown name, wrong password,
 * deactivated account); failures and refusals are audited.
 */
export async function signInStaff(
  db: Db,
  { username, password, client, secret }: { username: string; password: string; client: string; secret: string },
): Promise<SignInResult> {
  const name = username.trim().toLowerCase();
  const subject = signInSubject(name, secret);
  const at = now();
  const row = await loadStaff(db, eq(staffAccounts.username, name));
  const gate = await beginSignInAttempt(db, { subject, client, now: at });
  if (!gate.allowed) {
    if (auditsRefusal(gate.refusals)) {
      await auditSignIn(db, "sign_in.refused", row?.id ?? null, {
        reason: gate.reason,
        retryAfterSeconds: gate.retryAfterSeconds,
        refusals: gate.refusals,
        client: clientTag(client),
      });
    }
    return { outcome: "throttled", retryAfterSeconds: gate.retryAfterSeconds };
  }
  const ok = await verifyPassword(password, row?.passwordHash ?? DUMMY_HASH);
  if (!row || !ok || !row.active) {
    await auditSignIn(db, "sign_in.failed", row?.id ?? null, {
      reason: !row ? "unknown_account" : !ok ? "wrong_password" : "inactive",
      clientFailures: gate.clientFailures,
      accountFailures: gate.accountFailures,
      client: clientTag(client),
    });
    return { outcome: "failed" };
  }
  await db.transaction(async (tx) => {
    await clearSignInCounters(tx, { subject, client });
    await tx.update(staffAccounts).set({ lastSignInAt: at }).where(eq(staffAccounts.id, row.id));
  });
  return { outcome: "signed_in", user: toUser(row) };
}

/** The account as the database has it now: a disabled or moved account loses access at once. */
export async function getStaffById(db: Db, { staffId }: { staffId: number }): Promise<StaffUser | null> {
  const row = await loadStaff(db, eq(staffAccounts.id, staffId));
  if (!row || !row.active) return null;
  return toUser(row);
}
