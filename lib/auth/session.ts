import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { cache } from "react";
import { forbidden, redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { getStaffById, type StaffUser } from "./accounts";
import { authOptions } from "./options";
import { can, type Permission } from "./permissions";

/**
 * The signed-in staff member as the database has them now, or null. Read once per request
 * (React's per-request cache): a page, its header and the access boundaries Next renders beside
 * it (app/forbidden.tsx) all ask, and each session decode costs milliseconds of CPU.
 */
export const getStaff = cache(async (): Promise<StaffUser | null> => {
  const id = await sessionStaffId();
  if (id == null) return null;
  return getStaffById(await getDb(), { staffId: id });
});

/**
 * The account id in the session cookie, read as next-auth wrote it (an encrypted JWT, split into
 * `name.0`, `name.1`… above 4 KB), verified and checked for expiry by next-auth's own decode.
 * A page cannot renew the cookie anyway (only a route may set one), so the full session round of
 * getServerSession (options, CSRF token, callbacks, a re-encoded token) is work for nothing.
 */
async function sessionStaffId(): Promise<number | null> {
  const options = authOptions();
  return staffIdFromCookies(await cookies(), { secure: Boolean(options.useSecureCookies), secret: options.secret! });
}

type CookieJar = { get(name: string): { value: string } | undefined; getAll(): { name: string; value: string }[] };

export async function staffIdFromCookies(jar: CookieJar, { secure, secret }: { secure: boolean; secret: string }): Promise<number | null> {
  const name = `${secure ? "__Secure-" : ""}next-auth.session-token`;
  const chunk = (cookieName: string) => (cookieName.startsWith(`${name}.`) && /^\d+$/.test(cookieName.slice(name.length + 1)) ? Number(cookieName.slice(name.length + 1)) : null);
  const chunks = jar
    .getAll()
    .filter((c) => chunk(c.name) != null)
    .sort((a, b) => chunk(a.name)! - chunk(b.name)!);
  const raw = jar.get(name)?.value ?? (chunks.length > 0 ? chunks.map((c) => c.value).join("") : undefined);
  if (!raw) return null;
  // A cookie that does not decrypt or has expired is no session (next-auth answers null too).
  const token = await decode({ token: raw, secret }).catch(() => null);
  const id = Number(token?.sub);
  return Number.isInteger(id) && id > 0 ? id : null;
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
