import type { Role } from "@/db/schema";
import { forbidden } from "@/lib/errors";

export const permissions = [
  "view:dashboard",
  "issue:survey",
  "use:kiosk",
  "view:cases",
  "handle:cases",
  "receive:alerts",
  "manage:agencies",
  "manage:accounts",
  "manage:procedures",
  "manage:questionnaires",
  "manage:settings",
  "manage:calendar",
  "manage:deliveries",
  "view:audit",
] as const;
export type Permission = (typeof permissions)[number];

// Decision 009. Every grant is within the account's agency subtree, enforced in each query's
// WHERE clause; a case about the viewer's own dossier is excluded there too, whatever the role.
const grants: Record<Role, readonly Permission[]> = {
  admin: [
    "view:dashboard",
    "issue:survey",
    "view:cases",
    "receive:alerts",
    "manage:agencies",
    "manage:accounts",
    "manage:procedures",
    "manage:questionnaires",
    "manage:settings",
    "manage:calendar",
    "manage:deliveries",
    "view:audit",
  ],
  leader: ["view:dashboard", "view:cases", "handle:cases", "receive:alerts"],
  handler: ["view:cases", "handle:cases"],
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
  if (role === "handler") return "/cases";
  if (role === "officer") return "/desk";
  if (role === "kiosk") return "/kiosk";
  return "/";
}
