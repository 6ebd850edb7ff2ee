import type { ExportResponse } from "@/db/queries/figure-details";
import { vietnamDayOf } from "@/lib/time/vietnam";

/**
 * The anonymised responses export (decision 018). A row must not let anyone who knows where,
 * for what and when a person filed pick out that person's answers. So:
 *
 * - the time of day is dropped: a row carries its Vietnam day, never the hour or second;
 * - the columns someone could know about a person (agency, procedure, channel, verified, day)
 *   are released only when at least `MIN_GROUP` rows share all of them. A smaller group is merged:
 *   first its day becomes the month (level 1); a group still too small then loses its procedure,
 *   channel and verified flag and keeps the agency and month (level 2); what is still too small
 *   is left out and counted;
 * - rows are ordered by those columns and then by their answers, never by time, so the order
 *   tells nothing about who came first;
 * - the free-text comment is not exported: a citizen may write a name, a phone number or a
 *   dossier code, which no rule removes reliably (the comments page shows them to staff).
 */

// k of k-anonymity: 5 is the smallest group statistical offices commonly publish (the usual
// "fewer than 5" cell-suppression threshold), and it matches a desk's day, where a handful of
// people share an agency and a procedure.
export const MIN_GROUP = 5;

export type MergeLevel = 0 | 1 | 2;

export type AnonymousResponse = {
  /** ISO day, or ISO month (yyyy-mm) when merged. */
  date: string;
  level: MergeLevel;
  agencyCode: string;
  agencyName: string;
  procedureCode: string | null;
  procedureName: string | null;
  /** null when merged at level 2. */
  channel: string | null;
  verified: boolean | null;
  answers: Record<string, number>;
  expectations: string[];
};

export type AnonymisationSummary = { released: [number, number, number]; suppressed: number };

type Pending = { r: ExportResponse; day: string };

const quasiKey = (r: ExportResponse) => [r.agencyCode, r.procedureCode ?? "", r.channel, r.verified ? "1" : "0"].join("\u0000");

function answersKey(a: AnonymousResponse): string {
  return `${Object.keys(a.answers).sort().map((k) => `${k}${a.answers[k]}`).join(",")}|${a.expectations.join(",")}`;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function row(p: Pending, level: MergeLevel): AnonymousResponse {
  const { r } = p;
  return {
    date: level === 0 ? p.day : p.day.slice(0, 7),
    level,
    agencyCode: r.agencyCode,
    agencyName: r.agencyName,
    procedureCode: level === 2 ? null : r.procedureCode,
    procedureName: level === 2 ? null : r.procedureName,
    channel: level === 2 ? null : r.channel,
    verified: level === 2 ? null : r.verified,
    answers: r.answers,
    expectations: r.expectations,
  };
}

function ordered(rows: AnonymousResponse[]): AnonymousResponse[] {
  const sortKey = (a: AnonymousResponse) =>
    [a.date, a.agencyCode, a.procedureCode ?? "", a.channel ?? "", a.verified == null ? "" : a.verified ? "1" : "0", answersKey(a)].join("\u0000");
  const keyed = rows.map((a) => [sortKey(a), a] as const);
  keyed.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return keyed.map(([, a]) => a);
}

/**
 * Anonymises responses arriving in submission order (as `exportResponses` streams them). Memory
 * holds one day's responses and the month's too-small groups, not the period. Yields batches;
 * `summary` is complete once the generator is done.
 */
export async function* anonymise(
  batches: AsyncIterable<ExportResponse[]>,
  summary: AnonymisationSummary = { released: [0, 0, 0], suppressed: 0 },
  k: number = MIN_GROUP,
): AsyncGenerator<AnonymousResponse[]> {
  let day: string | null = null;
  let dayRows: Pending[] = [];
  let monthRows: Pending[] = [];

  const flushDay = (): AnonymousResponse[] => {
    const out: AnonymousResponse[] = [];
    for (const group of groupBy(dayRows, (p) => quasiKey(p.r)).values()) {
      if (group.length >= k) out.push(...group.map((p) => row(p, 0)));
      else monthRows.push(...group);
    }
    dayRows = [];
    summary.released[0] += out.length;
    return ordered(out);
  };
  const flushMonth = (): AnonymousResponse[] => {
    const out: AnonymousResponse[] = [];
    const rest: Pending[] = [];
    for (const group of groupBy(monthRows, (p) => quasiKey(p.r)).values()) {
      if (group.length >= k) out.push(...group.map((p) => row(p, 1)));
      else rest.push(...group);
    }
    summary.released[1] += out.length;
    for (const group of groupBy(rest, (p) => p.r.agencyCode).values()) {
      if (group.length >= k) {
        out.push(...group.map((p) => row(p, 2)));
        summary.released[2] += group.length;
      } else summary.suppressed += group.length;
    }
    monthRows = [];
    return ordered(out);
  };

  for await (const batch of batches) {
    const out: AnonymousResponse[] = [];
    for (const r of batch) {
      const d = vietnamDayOf(r.submittedAt);
      if (d !== day) {
        if (day != null) {
          out.push(...flushDay());
          if (d.slice(0, 7) !== day.slice(0, 7)) out.push(...flushMonth());
        }
        day = d;
      }
      dayRows.push({ r, day: d });
    }
    if (out.length) yield out;
  }
  const last = [...flushDay(), ...flushMonth()];
  if (last.length) yield last;
}
