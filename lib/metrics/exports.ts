import { resultIndex, type TimelinessSatisfaction, type TimelinessView } from "./timeliness";
import type { Messages } from "@/lib/i18n/messages/vi";
import { SIPAS_V1 } from "@/lib/questionnaire/sipas-v1";
import { fill } from "@/lib/i18n";
import { formatDay, vietnamDayOf } from "@/lib/time/vietnam";
import type { CaseFigures, CaseOverview } from "./case-figures";
import type { Overview } from "./figures";
import type { SatisfactionFigures } from "./satisfaction";
import { MIN_GROUP, type AnonymisationSummary, type AnonymousResponse } from "./anonymise";
import type { Cell, Column, Table } from "./tabular";

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
export function figuresTable(overview: Overview, t: Messages, cases: CaseOverview, timeliness: TimelinessView): Table {
  const x = t.exports;
  const elementColumns: Column[] = overview.agency.elements.flatMap((e) => {
    const name = t.elements[e.element];
    return [
      { header: `${name} (%)`, kind: "percent" as const },
      { header: `${name}: ${t.dashboard.valid}`, kind: "integer" as const },
      ...[1, 2, 3, 4, 5].map((v) => ({ header: `${name}: ${v}`, kind: "integer" as const })),
    ];
  });
  const columns: Column[] = [
    { header: t.dashboard.exportCols.agencyCode, kind: "code" },
    { header: t.dashboard.agency, kind: "text" },
    { header: x.periodFrom, kind: "date" },
    { header: x.periodTo, kind: "date" },
    { header: `${t.dashboard.meanOfFive} (%)`, kind: "percent" },
    { header: `${t.dashboard.overallQuestion} (%)`, kind: "percent" },
    { header: t.dashboard.responses, kind: "integer" },
    { header: t.dashboard.completedDossiers, kind: "integer" },
    { header: t.dashboard.invitations, kind: "integer" },
    { header: t.timeliness.onTime, kind: "integer" },
    { header: t.timeliness.late, kind: "integer" },
    { header: t.timeliness.withoutDue, kind: "integer" },
    { header: `${t.timeliness.share} (%)`, kind: "percent" },
    { header: t.timeliness.s4OnTime, kind: "percent" },
    { header: t.timeliness.s4Late, kind: "percent" },
    { header: t.dashboard.sampleNeeded, kind: "integer" },
    { header: t.dashboard.sufficiency, kind: "boolean" },
    { header: t.dashboard.rank, kind: "code" },
    ...elementColumns,
    { header: t.caseFigures.opened, kind: "integer" },
    { header: t.caseFigures.replied, kind: "integer" },
    { header: t.caseFigures.repliedOnTime, kind: "integer" },
    { header: `${t.caseFigures.onTimeShare} (%)`, kind: "percent" },
    { header: t.caseFigures.medianDays, kind: "decimal" },
    { header: `${t.caseFigures.overdueNow} (${fill(t.caseFigures.asOf, { date: formatDay(cases.today) })})`, kind: "integer" },
    { header: t.caseFigures.escalated, kind: "integer" },
  ];
  const casesOf = new Map([cases.agency, ...cases.children].map((c) => [c.agencyId, c]));
  const caseCells = (c: CaseFigures | undefined): Cell[] =>
    c ? [c.opened, c.replied, c.repliedOnTime, percentCell(c.onTimeShare), c.medianWorkingDays, c.overdueNow, c.escalated] : [null, null, null, null, null, null, null];
  // Ranks among peers (same tier and kind), as the ranking page gives them.
  const rankOf = new Map(overview.peers.flatMap((g) => g.ranking.ranked.map((r) => [r.figures.agencyId, `${r.rank}/${g.ranking.ranked.length}`] as const)));
  const self = overview.peerRank && overview.peerRank.rank != null ? `${overview.peerRank.rank}/${overview.peerRank.of}` : null;
  // Satisfaction with the result (S4) of the sheets about on-time and late dossiers.
  const s4Cells = (sat: TimelinessSatisfaction | undefined): Cell[] =>
    sat ? [percentCell(resultIndex(sat.onTime)), percentCell(resultIndex(sat.late))] : [null, null];
  const from = vietnamDayOf(overview.period.from);
  const to = vietnamDayOf(new Date(overview.period.to.getTime() - 1));
  const line = (f: SatisfactionFigures, rank: string | null): Cell[] => [
    f.code,
    f.name,
    from,
    to,
    percentCell(f.meanOfElements),
    percentCell(f.overallQuestion.index),
    f.responses,
    f.completedDossiers,
    f.invitations,
    f.timeliness.onTime,
    f.timeliness.late,
    f.timeliness.withoutDue,
    percentCell(f.timeliness.onTimeShare),
    ...s4Cells(f.agencyId === overview.agency.agencyId ? timeliness.satisfaction : timeliness.childSatisfaction.get(f.agencyId)),
    f.sample.needed,
    f.sample.sufficient,
    rank,
    ...f.elements.flatMap((e) => [percentCell(e.index), e.valid, ...e.distribution]),
    ...caseCells(casesOf.get(f.agencyId)),
  ];
  return {
    name: x.sheetFigures,
    columns,
    rows: [line(overview.agency, self), ...overview.children.map((c) => line(c, rankOf.get(c.agencyId) ?? null))],
  };
}

const SCALE_KEYS = SIPAS_V1.filter((q) => q.kind === "scale").map((q) => q.key);

/** The columns of the anonymised responses export (no comment, no time of day: anonymise.ts). */
export function responsesColumns(t: Messages): Column[] {
  const x = t.exports;
  return [
    { header: t.dashboard.exportCols.rowNumber, kind: "integer" },
    { header: x.date, kind: "date" },
    { header: x.merged, kind: "text" },
    { header: t.dashboard.exportCols.agencyCode, kind: "code" },
    { header: t.dashboard.agency, kind: "text" },
    { header: t.dashboard.exportCols.procedureCode, kind: "code" },
    { header: t.dashboard.procedureCol, kind: "text" },
    { header: t.dashboard.channelCol, kind: "text" },
    { header: t.dashboard.exportCols.verified, kind: "boolean" },
    ...SCALE_KEYS.map((key) => ({ header: key, kind: "integer" as const })),
    { header: t.dashboard.expectation, kind: "text" },
  ];
}

export function responseRow(r: AnonymousResponse, n: number, t: Messages, locale: "vi" | "en"): Cell[] {
  return [
    n,
    r.date,
    t.exports.mergeLevels[r.level],
    r.agencyCode,
    r.agencyName,
    r.procedureCode,
    r.procedureName,
    r.channel == null ? null : (t.dashboard.channels[r.channel] ?? r.channel),
    r.verified,
    ...SCALE_KEYS.map((k) => r.answers[k] ?? null),
    r.expectations.length ? r.expectations.map((e) => expectationLabel(e, locale)).join("; ") : null,
  ];
}

/** The note sheet of the XLSX: what was merged or left out, and why. */
export function anonymisationNote(summary: AnonymisationSummary, t: Messages, locale: "vi" | "en"): Table {
  const x = t.exports;
  const n = (v: number) => v.toLocaleString(locale === "vi" ? "vi-VN" : "en-GB");
  return {
    name: x.sheetNote,
    columns: [{ header: x.noteTitle, kind: "text" }],
    rows: [
      [fill(x.noteRule, { k: String(MIN_GROUP) })],
      [fill(x.noteCounts, { day: n(summary.released[0]), month: n(summary.released[1]), agency: n(summary.released[2]), suppressed: n(summary.suppressed) })],
      [x.noteComments],
    ],
  };
}
