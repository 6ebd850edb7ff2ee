import type { exportsVi } from "./exports.vi";

export const exportsEn: typeof exportsVi = {
  sheetFigures: "Figures",
  sheetResponses: "Anonymised responses",
  sheetNote: "Note",
  periodFrom: "From",
  periodTo: "To",
  date: "Day (Vietnam time)",
  merged: "Merged",
  mergeLevels: ["by day", "merged by month", "merged by month, without procedure and channel"],
  noteTitle: "How the responses are anonymised",
  noteRule:
    "Each row holds its day, never the time. Rows sharing unit, procedure, channel, verification and day are released by day only when there are at least {k} of them; smaller groups are merged by month, then by unit and month (without procedure, channel and verification); a group still under {k} responses is left out. Rows are ordered by those columns and the answers, never by time.",
  noteCounts: "Released by day: {day} responses; merged by month: {month}; merged by unit and month: {agency}; left out: {suppressed}.",
  noteComments: "Free-text comments are not in the file: citizens may write a name, a phone number or a dossier code. Read them on the Comments page.",
};
