import { and, asc, eq, ilike, like, or } from "drizzle-orm";
import type { Db } from "../client";
import { agencies, desks, staffAccounts } from "../schema";

function subtree(scopePath: string) {
  return like(agencies.path, `${scopePath.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

/** Accounts whose agency lies in the subtree, optionally filtered by a search term. */
export async function accountsInScope(db: Db, { scopePath, q }: { scopePath: string; q?: string }) {
  const term = q?.trim();
  const pattern = term ? `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return db
    .select({
      id: staffAccounts.id,
      username: staffAccounts.username,
      name: staffAccounts.name,
      role: staffAccounts.role,
      active: staffAccounts.active,
      agencyId: staffAccounts.agencyId,
      agencyName: agencies.name,
      deskId: staffAccounts.deskId,
      deskName: desks.name,
      lastSignInAt: staffAccounts.lastSignInAt,
    })
    .from(staffAccounts)
    .innerJoin(agencies, eq(agencies.id, staffAccounts.agencyId))
    .leftJoin(desks, eq(desks.id, staffAccounts.deskId))
    .where(and(subtree(scopePath), pattern ? or(ilike(staffAccounts.username, pattern), ilike(staffAccounts.name, pattern)) : undefined))
    .orderBy(asc(agencies.path), asc(staffAccounts.username));
}

export async function accountInScope(db: Db, { accountId, scopePath }: { accountId: number; scopePath: string }) {
  const [row] = await db
    .select({
      id: staffAccounts.id,
      username: staffAccounts.username,
      name: staffAccounts.name,
      role: staffAccounts.role,
      active: staffAccounts.active,
      agencyId: staffAccounts.agencyId,
      agencyName: agencies.name,
      deskId: staffAccounts.deskId,
    })
    .from(staffAccounts)
    .innerJoin(agencies, eq(agencies.id, staffAccounts.agencyId))
    .where(and(eq(staffAccounts.id, accountId), subtree(scopePath)));
  return row ?? null;
}

/** Active desks of the subtree, for choosing the desk of an officer or a kiosk. */
export async function desksInScope(db: Db, { scopePath }: { scopePath: string }) {
  return db
    .select({ id: desks.id, code: desks.code, name: desks.name, agencyId: desks.agencyId, agencyName: agencies.name })
    .from(desks)
    .innerJoin(agencies, eq(agencies.id, desks.agencyId))
    .where(and(subtree(scopePath), eq(desks.active, true)))
    .orderBy(asc(agencies.path), asc(desks.code));
}
