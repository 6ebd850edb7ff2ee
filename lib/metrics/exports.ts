import type { ExportResponse } from "@/db/queries/figure-details";
import type { Messages } from "@/lib/i18n/messages/vi";
import { SIPAS_V1 } from "@/lib/questionnaire/sipas-v1";
import { fill } from "@/lib/i18n";
import { formatDay } from "@/lib/time/vietnam";
import type { CaseFigures, CaseOverview } from "./case-figures";
import type { Overview } from "./figures";
import { periodLabelParts } from "./periods";
import type { SatisfactionFigures } from "./satisfaction";
import type { Cell } from "./tabular";

/**
 * The tables behind the exports. Percentages are the page's figures rounded to 2 decimals
 * (§4.5), as numbers; the counts they come from travel beside them so that anyone can recompute
 * them in full precision.
 */

export function expectationLabel(key: string, locale: "vi" | "en"): string {
  const option = SIPAS_V1.find((q) => q.element === "expectations")?.options?.find((o) => o.key === key);
  return option ? option[locale] : key;
}

/** Rounded exactly as the pages round (toFixed(2)), so export and page agree digit for digit. */
export function percentCell(v: number | null): Cell {
  return v == null ? null : Number(v.toFixed(2));
}

/**
 * The figures of the agency and of each child: satisfaction, then the follow-up of feedback
 * (counted where the answer was given; on time = replied by the deadline / replied; "overdue" is
 * the state of the queue on the day in its heading).
 */
export function figuresTable(overview: Overview, t: Messages, cases: CaseOverview): Cell[][] {
  const elementHeads = overview.agency.elements.flatMap((e) => {
    const name = t.elements[e.element];
    return [`${name} (%)`, `${name}: ${t.dashboard.valid}`, ...[1, 2, 3, 4, 5].map((v) => `${name}: ${v}`)];
  });
  const header: Cell[] = [
    t.dashboard.exportCols.agencyCode,
    t.dashboard.agency,
    t.dashboard.exportCols.period,
    `${t.dashboard.meanOfFive} (%)`,
    `${t.dashboard.overallQuestion} (%)`,
    t.dashboard.responses,
    t.dashboard.completedDossiers,
    t.dashboard.invitations,
    t.dashboard.sampleNeeded,
    t.dashboard.sufficiency,
    t.dashboard.rank,
    ...elementHeads,
    t.caseFigures.opened,
    t.caseFigures.replied,
    t.caseFigures.repliedOnTime,
    `${t.caseFigures.onTimeShare} (%)`,
    t.caseFigures.medianDays,
    `${t.caseFigures.overdueNow} (${fill(t.caseFigures.asOf, { date: formatDay(cases.today) })})`,
    t.caseFigures.escalated,
  ];
  const casesOf = new Map([cases.agency, ...cases.children].map((c) => [c.agencyId, c]));
  const caseCells = (c: CaseFigures | undefined): Cell[] =>
    c ? [c.opened, c.replied, c.repliedOnTime, percentCell(c.onTimeShare), c.medianWorkingDays, c.overdueNow, c.escalated] : [null, null, null, null, null, null, null];
  const rankOf = new Map(overview.ranking.ranked.map((r) => [r.figures.agencyId, `${r.rank}/${overview.ranking.ranked.length}`]));
  const self = overview.siblingRank && overview.siblingRank.rank != null ? `${overview.siblingRank.rank}/${overview.siblingRank.of}` : null;
  const p = periodLabelParts(overview.period);
  const line = (f: SatisfactionFigures, rank: string | null): Cell[] => [
    f.code,
    f.name,
    `${p.from} – ${p.to}`,
    percentCell(f.meanOfElements),
    percentCell(f.overallQuestion.index),
    f.responses,
    f.completedDossiers,
    f.invitations,
    f.sample.needed,
    f.sample.sufficient,
    rank,
    ...f.elements.flatMap((e) => [percentCell(e.index), e.valid, ...e.distribution]),
    ...caseCells(casesOf.get(f.agencyId)),
  ];
  return [header, line(overview.agency, self), ...overview.children.map((c) => line(c, rankOf.get(c.agencyId) ?? null))];
}

const SCALE_KEYS = SIPAS_V1.filter((q) => q.kind === "scale").map((q) => q.key);

export function responsesHeader(t: Messages): Cell[] {
  return [
    t.dashboard.exportCols.rowNumber,
    t.dashboard.exportCols.submitted,
    t.dashboard.exportCols.agencyCode,
    t.dashboard.agency,
    t.dashboard.exportCols.procedureCode,
    t.dashboard.procedureCol,
    t.dashboard.channelCol,
    t.dashboard.exportCols.verified,
    ...SCALE_KEYS,
    t.dashboard.expectation,
    t.dashboard.tabs.comments,
  ];
}

function vietnamTimestamp(d: Date): string {
  const local = new Date(d.getTime() + 7 * 3600 * 1000).toISOString();
  return `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 19)}`;
}

export function responseRow(r: ExportResponse, n: number, t: Messages): Cell[] {
  return [
    n,
    vietnamTimestamp(r.submittedAt),
    r.agencyCode,
    r.agencyName,
    r.procedureCode,
    r.procedureName,
    t.dashboard.channels[r.channel] ?? r.channel,
    r.verified,
    ...SCALE_KEYS.map((k) => r.answers[k] ?? null),
    r.expectations.map((e) => expectationLabel(e, "vi")).join("; "),
    r.comment,
  ];
}
