import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agencies, staffAccounts, type Role } from "@/db/schema";
import { verifyPassword } from "./password";

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

/** Checks a username and password; null for any failure, without saying which. */
export async function authenticateStaff(
  db: Db,
  { username, password }: { username: string; password: string },
): Promise<StaffUser | null> {
  const row = await loadStaff(db, eq(staffAccounts.username, username.trim().toLowerCase()));
  const ok = await verifyPassword(password, row?.passwordHash ?? DUMMY_HASH);
  if (!row || !ok || !row.active) return null;
  await db.update(staffAccounts).set({ lastSignInAt: sql`now()` }).where(eq(staffAccounts.id, row.id));
  return toUser(row);
}

/** The account as the database has it now: a disabled or moved account loses access at once. */
export async function getStaffById(db: Db, { staffId }: { staffId: number }): Promise<StaffUser | null> {
  const row = await loadStaff(db, eq(staffAccounts.id, staffId));
  if (!row || !row.active) return null;
  return toUser(row);
}
