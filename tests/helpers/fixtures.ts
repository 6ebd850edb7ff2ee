import type { Db } from "@/db/client";
import { createAgency } from "@/db/queries/agencies";
import { createPublishedVersion } from "@/db/queries/questionnaires";
import { answers, dossiers, procedures, responses, type Agency, type Channel, type Timeliness } from "@/db/schema";
import { SIPAS_QUESTIONNAIRE, SIPAS_V1 } from "@/lib/questionnaire/sipas-v1";

/** Keys of the scale questions of SIPAS v1: S1–S5 and the overall S0. */
export type ScaleKey = "S0" | "S1" | "S2" | "S3" | "S4" | "S5";
/** Answer values by question; a key left out is "not applicable" and gets no row. */
export type AnswerSheet = Partial<Record<ScaleKey, number>>;

const ELEMENT_OF: Record<string, string> = Object.fromEntries(
  SIPAS_V1.filter((q) => q.kind === "scale").map((q) => [q.key, q.element]),
);

// Keeps one INSERT well below PostgreSQL's 65 535 bind parameters (6 answers × 4 columns each).
const CHUNK = 500;

let serial = 0;
const nextSerial = () => ++serial;

/** The questionnaire version and a procedure every response and dossier can point at. */
export async function createSurveyBase(db: Db): Promise<{ versionId: number; procedureId: number }> {
  const { versionId } = await createPublishedVersion(db, { ...SIPAS_QUESTIONNAIRE, questions: SIPAS_V1 });
  const n = nextSerial();
  const [procedure] = await db
    .insert(procedures)
    .values({ code: `1.00${n}.TEST`, name: `Thủ tục thử ${n}`, field: "Hộ tịch" })
    .returning({ id: procedures.id });
  return { versionId, procedureId: procedure!.id };
}

export type AgencyNode = { code: string; level: string; parent?: string; name?: string; sortOrder?: number };

/** Creates agencies in order (parents first), returned by code. */
export async function createAgencyTree(db: Db, nodes: AgencyNode[]): Promise<Record<string, Agency>> {
  const byCode: Record<string, Agency> = {};
  for (const node of nodes) {
    const parent = node.parent ? byCode[node.parent] : undefined;
    if (node.parent && !parent) throw new Error(`fixture: parent ${node.parent} must come before ${node.code}`);
    byCode[node.code] = await createAgency(db, {
      code: node.code,
      name: node.name ?? node.code,
      level: node.level,
      parentId: parent?.id ?? null,
      sortOrder: node.sortOrder ?? 0,
    });
  }
  return byCode;
}

/** `count` dossiers of an agency completed at `completedAt` (null: still open). */
export async function insertDossiers(
  db: Db,
  input: { agencyId: number; procedureId: number; completedAt: Date | null; dueAt?: Date | null; count?: number },
): Promise<number[]> {
  const count = input.count ?? 1;
  const ids: number[] = [];
  for (let start = 0; start < count; start += CHUNK) {
    const values = Array.from({ length: Math.min(CHUNK, count - start) }, () => ({
      agencyId: input.agencyId,
      procedureId: input.procedureId,
      code: `HS-${nextSerial()}`,
      receivedAt: input.completedAt,
      completedAt: input.completedAt,
      dueAt: input.dueAt ?? null,
      source: "import" as const,
    }));
    const inserted = await db.insert(dossiers).values(values).returning({ id: dossiers.id });
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}

export type ResponseBatch = {
  agencyId: number;
  versionId: number;
  submittedAt: Date;
  verified?: boolean;
  channel?: Channel;
  /** Copied from a dossier on the answer path; set directly here. */
  procedureId?: number | null;
  officerId?: number | null;
  deskId?: number | null;
  timeliness?: Timeliness;
  /** Each sheet `count` times (default once). */
  sheets: { answers: AnswerSheet; count?: number }[];
};

/** Inserts responses with their answers directly, in bulk. Returns the number of responses. */
export async function insertResponses(db: Db, batch: ResponseBatch): Promise<number> {
  const verified = batch.verified ?? true;
  const channel = batch.channel ?? (verified ? "receipt_qr" : "standing_qr");
  const sheets = batch.sheets.flatMap((s) => Array.from({ length: s.count ?? 1 }, () => s.answers));

  for (let start = 0; start < sheets.length; start += CHUNK) {
    const chunk = sheets.slice(start, start + CHUNK);
    const inserted = await db
      .insert(responses)
      .values(
        chunk.map(() => ({
          versionId: batch.versionId,
          agencyId: batch.agencyId,
          channel,
          verified,
          submittedAt: batch.submittedAt,
          procedureId: batch.procedureId ?? null,
          officerId: batch.officerId ?? null,
          deskId: batch.deskId ?? null,
          timeliness: batch.timeliness ?? 0,
        })),
      )
      .returning({ id: responses.id });
    const answerRows = inserted.flatMap((r, i) =>
      Object.entries(chunk[i]!).map(([key, value]) => {
        const element = ELEMENT_OF[key];
        if (!element) throw new Error(`fixture: ${key} is not a scale question of SIPAS v1`);
        return { responseId: r.id, questionKey: key, element, value: value! };
      }),
    );
    if (answerRows.length > 0) await db.insert(answers).values(answerRows);
  }
  return sheets.length;
}

/** The same value for S1–S5 (and S0 when `overall` is given). */
export function uniformSheet(value: number, overall?: number): AnswerSheet {
  const sheet: AnswerSheet = { S1: value, S2: value, S3: value, S4: value, S5: value };
  if (overall !== undefined) sheet.S0 = overall;
  return sheet;
}

/**
 * `total` sheets of which `satisfied` answer 5 and the rest 2 on all five elements: every element
 * index is then exactly satisfied / total.
 */
export function sheetsAtShare(total: number, satisfied: number): { answers: AnswerSheet; count: number }[] {
  return [
    { answers: uniformSheet(5), count: satisfied },
    { answers: uniformSheet(2), count: total - satisfied },
  ].filter((s) => s.count > 0);
}
