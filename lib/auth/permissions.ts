import type { Role } from "@/db/schema";
import { forbidden } from "@/lib/errors";

export const permissions = [
  "view:dashboard",
  "issue:survey",
  "use:kiosk",
  "manage:agencies",
  "manage:accounts",
  "manage:procedures",
  "manage:questionnaires",
  "manage:settings",
  "view:audit",
] as const;
export type Permission = (typeof permissions)[number];

const grants: Record<Role, readonly Permission[]> = {
  admin: [
    "view:dashboard",
    "issue:survey",
    "manage:agencies",
    "manage:accounts",
    "manage:procedures",
    "manage:questionnaires",
    "manage:settings",
    "view:audit",
  ],
  leader: ["view:dashboard"],
  officer: ["issue:survey"],
  kiosk: ["use:kiosk"],
};

/** Fails closed: an unknown role or permission grants nothing. */
export function can(user: { role: string } | null | undefined, permission: Permission): boolean {
  if (!user || !Object.hasOwn(grants, user.role)) return false;
  return grants[user.role as Role].includes(permission);
}

export function requirePermission(user: { role: string } | null | undefined, permission: Permission): void {
  if (!can(user, permission)) throw forbidden(`missing permission ${permission}`);
}

/** Where a signed-in person starts. */
export function homeFor(role: string): string {
  if (role === "leader" || role === "admin") return "/dashboard";
  if (role === "officer") return "/desk";
  if (role === "kiosk") return "/kiosk";
  return "/";
}
