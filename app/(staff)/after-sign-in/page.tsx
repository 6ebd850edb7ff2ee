import { redirect } from "next/navigation";
import { homeFor } from "@/lib/auth/permissions";
import { getStaff } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** Sends a freshly signed-in person to the page of their role. */
export default async function AfterSignIn() {
  const staff = await getStaff();
  redirect(staff ? homeFor(staff.role) : "/login");
}
