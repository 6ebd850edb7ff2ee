import type { timelinessVi } from "./timeliness.vi";

// English texts of the late-dossier figures, the same shape as timeliness.vi.ts.
export const timelinessEn: typeof timelinessVi = {
  title: "Dossiers completed on time",
  headline: "On-time share {value} ({onTime}/{withDue} dossiers with a due date), {late} dossiers late",
  noDue: "{count} dossiers had no due date and are not counted in the share.",
  none: "No dossier with a due date was completed in this period.",
  method:
    "On time: the result was handed over no later than the due time on the dossier. On-time share = dossiers completed on time / dossiers with a due date completed in the period; a parent unit pools the dossiers of its subordinate units.",
  overviewLine: "On-time dossiers: {value}; {late} dossiers late",
  overviewGap: "Satisfaction with the result (S4): late dossiers {late}, on-time dossiers {onTime}",
  more: "See on-time dossiers",
  previous: "previous period: {value}",
  lastYear: "same period last year: {value}",
  completed: "Dossiers completed",
  onTime: "On time",
  late: "Late",
  withoutDue: "No due date",
  share: "On-time share",
  rank: "Rank",
  unitsTitle: "On-time share of subordinate units",
  rankNote: "Ranked by on-time share among units of the same tier and kind; equal shares share a rank.",
  trendTitle: "On-time share by month",
  trendChart: "Chart of the on-time share by month",
  satisfactionTitle: "Satisfaction by whether the dossier was on time",
  satisfactionNote:
    "The Result element (S4) asks about results on time, complete and correct: the gap between sheets about late and on-time dossiers shows how lateness weighs on satisfaction. Only sheets tied to a dossier with a due date are counted.",
  groups: { onTime: "Sheets about on-time dossiers", late: "Sheets about late dossiers" },
  groupCol: "Sheets",
  gapCol: "Gap (points)",
  s4OnTime: "S4 on-time dossiers (%)",
  s4Late: "S4 late dossiers (%)",
  reportTitle: "Dossiers completed on time",
};
