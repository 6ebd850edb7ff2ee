"use server";

import { redirect } from "next/navigation";
import type { AgencyKind, AgencyTier } from "@/db/schema";
import { parseDayInput } from "@/lib/admin/calendar";
import { planMerge, planSplit, reverseReorganisation } from "@/lib/admin/reorganisations";
import type { AdminFormState } from "../form-state";
import { SPLIT_SLOTS } from "./split-slots";
import { runAdminAction, text } from "../run-action";

const PAGE = "/admin/reorganisations";

// The day as typed (dd/mm/yyyy) in the service's form (yyyy-mm-dd); left as typed when it is not a
// day, for the service to refuse with the field named.
const effectiveOn = (form: FormData) => parseDayInput(text(form, "effectiveOn")) ?? text(form, "effectiveOn");

/** A successor as the form gives it: `${prefix}mode` is "existing" or "new". */
function successorFrom(form: FormData, prefix: string) {
  if (text(form, `${prefix}mode`) === "existing") return { existingId: text(form, `${prefix}existingId`) };
  return {
    create: {
      parentId: text(form, `${prefix}parentId`),
      code: text(form, `${prefix}code`),
      name: text(form, `${prefix}name`),
      nameEn: text(form, `${prefix}nameEn`),
      level: text(form, `${prefix}level`),
      // Checked against the tiers and kinds by the service's schema, like every other field.
      tier: (text(form, `${prefix}tier`) || undefined) as AgencyTier | undefined,
      kind: (text(form, `${prefix}kind`) || undefined) as AgencyKind | undefined,
    },
  };
}

export async function planMergeAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(PAGE, async (db, staff, t) => {
    await planMerge(db, staff, {
      predecessorIds: form.getAll("predecessorIds").map(String),
      successor: successorFrom(form, ""),
      effectiveOn: effectiveOn(form),
      basis: text(form, "basis"),
    });
    return t.reorganisations.planned;
  });
}

export async function planSplitAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runAdminAction(PAGE, async (db, staff, t) => {
    const given = (key: string) => form.getAll(key).map(String);
    const slots = Array.from({ length: SPLIT_SLOTS }, (_, i) => i + 1).filter((n) => {
      const p = `s${n}.`;
      return text(form, `${p}mode`) === "existing" ? text(form, `${p}existingId`) !== "" : text(form, `${p}name`) !== "" || text(form, `${p}code`) !== "";
    });
    // Each desk, procedure and account goes to the slot chosen for it; slot 1 takes the rest.
    const assigned = (kind: "desk" | "procedure" | "staff", n: number) =>
      given(`${kind}`)
        .filter((id) => text(form, `${kind}.${id}`) === String(n))
        .map(Number);
    await planSplit(db, staff, {
      predecessorId: text(form, "predecessorId"),
      effectiveOn: effectiveOn(form),
      basis: text(form, "basis"),
      successors: slots.map((n) => ({
        successor: successorFrom(form, `s${n}.`),
        takesRest: n === 1,
        deskIds: n === 1 ? [] : assigned("desk", n),
        procedureIds: n === 1 ? [] : assigned("procedure", n),
        staffAccountIds: n === 1 ? [] : assigned("staff", n),
      })),
    });
    return t.reorganisations.planned;
  });
}

export async function reverseReorganisationAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  const state = await runAdminAction(PAGE, async (db, staff) => {
    await reverseReorganisation(db, staff, { reorganisationId: text(form, "reorganisationId"), reason: text(form, "reason") });
  });
  // The reversed plan's row, and the form in it, are gone: the page itself says it was done.
  if (state.ok) redirect(`${PAGE}?reversed=1`);
  return state;
}
