import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getStaffById, type StaffUser } from "./accounts";
import { authOptions } from "./options";
import { can, type Permission } from "./permissions";

/** The signed-in staff member as the database has them now, or null. */
export async function getStaff(): Promise<StaffUser | null> {
  const session = (await getServerSession(authOptions())) as { staffId?: string | null } | null;
  const id = Number(session?.staffId);
  if (!Number.isInteger(id) || id <= 0) return null;
  return getStaffById(await getDb(), { staffId: id });
}

/**
 * For pages: sends an anonymous visitor to sign in, and someone without the permission to a
 * page that says so (never a blank page or another agency's data).
 */
export async function requireStaffPage(permission: Permission, returnTo: string): Promise<StaffUser> {
  const staff = await getStaff();
  if (!staff) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!can(staff, permission)) forbidden();
  return staff;
}
