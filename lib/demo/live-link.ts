import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { proceduresOfAgency } from "@/db/queries/desk";
import { staffAccounts } from "@/db/schema";
import { getStaffById } from "@/lib/auth/accounts";
import { completeAndIssue } from "@/lib/survey/desk";
import { invitationUrl } from "@/lib/survey/links";
import { now as clockNow } from "@/lib/time/clock";

/**
 * A fresh, answerable survey for the demo: the given officer hands over a result now, as at a
 * real desk, and the link of its invitation is returned. Null when that officer does not exist
 * (a database that is not the demo).
 */
export async function issueDemoInvitation(db: Db, { officerUsername, now = clockNow() }: { officerUsername: string; now?: Date }) {
  const [account] = await db.select({ id: staffAccounts.id }).from(staffAccounts).where(eq(staffAccounts.username, officerUsername));
  const staff = account ? await getStaffById(db, { staffId: account.id }) : null;
  if (!staff) return null;
  const [procedure] = await proceduresOfAgency(db, { agencyId: staff.agencyId });
  if (!procedure) return null;
  const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
  const issued = await completeAndIssue(db, staff, { code: `DEMO-${stamp}`, procedureId: procedure.id }, now);
  return { url: invitationUrl(issued.invitation.id), invitationId: issued.invitation.id };
}
