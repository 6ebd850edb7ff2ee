import { z } from "zod";

// Dossier codes of the national one-stop system are ~30 characters; 64 leaves room for local ones.
export const MAX_DOSSIER_CODE = 64;
// One request of the batch form: large enough for a day of a busy centre, small enough to stay
// well under a few seconds and a few megabytes.
export const MAX_BATCH = 1000;

const CODE = /^[\p{L}\p{N}._\-/]+$/u;

const code = (max: number, what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, { error: `${what} is empty` })
    .max(max, { error: `${what} is longer than ${max} characters` })
    .regex(CODE, { error: `${what} may hold letters, digits and . _ - / only` });

// A naive time ("2023-05-04T10:00") is ambiguous between the case system's zone and ours:
// rejected rather than guessed.
const instant = (what: string) =>
  z.iso
    .datetime({ offset: true, error: `${what} must be an ISO 8601 time with a zone offset, e.g. 2023-05-04T10:00:00+07:00` })
    .transform((v) => new Date(v));

export const dossierReportSchema = z
  .object({
    dossierCode: code(MAX_DOSSIER_CODE, "dossierCode").meta({ description: "The dossier code (mã hồ sơ), unique within the agency." }),
    agencyCode: code(64, "agencyCode").meta({ description: "The code of the agency that handled the dossier; inside the key's subtree." }),
    procedureCode: code(64, "procedureCode").meta({ description: "The national procedure code, e.g. 1.001193; the agency must handle it." }),
    officerCode: code(64, "officerCode").optional().meta({ description: "The username of the officer who handed over the result." }),
    deskCode: code(32, "deskCode").optional().meta({ description: "The code of the counter (quầy) of the agency." }),
    receivedAt: instant("receivedAt").optional(),
    dueAt: instant("dueAt").optional(),
    completedAt: instant("completedAt").meta({ description: "When the result was handed over." }),
  })
  .strict()
  // Zod runs this even when a field above failed, so it must not assume the transforms ran.
  .refine((d) => !(d.receivedAt instanceof Date) || !(d.completedAt instanceof Date) || d.receivedAt.getTime() <= d.completedAt.getTime(), {
    error: "receivedAt is after completedAt",
    path: ["receivedAt"],
  })
  .meta({ id: "DossierReport", description: "One completed dossier." });

export type DossierReport = z.output<typeof dossierReportSchema>;

export const dossierBatchSchema = z
  .object({
    dossiers: z
      .array(dossierReportSchema)
      .min(1, { error: "dossiers is empty" })
      .max(MAX_BATCH, { error: `at most ${MAX_BATCH} dossiers in one request` }),
  })
  .strict()
  .meta({ id: "DossierBatch", description: `Up to ${MAX_BATCH} completed dossiers, stored all or none.` });

export const invitationStatuses = ["issued", "answered", "expired", "revoked"] as const;

export const invitationSchema = z
  .object({
    id: z.uuid(),
    dossierCode: z.string(),
    agencyCode: z.string().meta({ description: "The agency the dossier is recorded under." }),
    mappedFrom: z
      .string()
      .optional()
      .meta({ description: "Present when the report named another code: an old code mapped to the agency recorded, across a reorganisation." }),
    status: z.enum(invitationStatuses),
    surveyUrl: z.url().optional().meta({ description: "Present while the invitation can be answered." }),
    issuedAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }),
    qrSvg: z.string().optional().meta({ description: "The QR of surveyUrl as SVG, when asked with ?qr=svg." }),
  })
  .meta({ id: "Invitation" });

export const invitationStatusSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(invitationStatuses),
    dossierCode: z.string().nullable(),
    agencyCode: z.string(),
    issuedAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }),
    answeredAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: "InvitationStatus", description: "The state of an invitation; never the answers." });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details." });

/** "dossiers[3].completedAt" from a zod issue path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "body";
}

export function zodErrors(error: z.ZodError, prefix: readonly PropertyKey[] = []): { field: string; message: string }[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      return { field: fieldPath([...path, issue.keys[0] ?? ""]), message: `unknown field ${issue.keys.join(", ")}` };
    }
    return { field: fieldPath(path), message: issue.message };
  });
}
