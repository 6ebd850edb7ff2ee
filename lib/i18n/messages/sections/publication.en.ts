import type { publicationVi } from "./publication.vi";

export const publicationEn: typeof publicationVi = {
  notEnough: "not enough answers to publish",
  minimumNote: "A rate from fewer than {minimum} answer sheets (or, for an element, fewer than {minimum} valid answers) is neither published nor ranked; the number of answers is still shown.",
  lastYear: "Same period last year",
  changeLastYear: "Change against the same period last year",
  reportLastYearUp: "; against the same period last year ({previous}), up {points} percentage points",
  reportLastYearDown: "; against the same period last year ({previous}), down {points} percentage points",
  reportLastYearSame: "; against the same period last year ({previous}), unchanged",
  reportNoLastYear: "; no figures for the same period last year to compare with",
  settings: {
    title: "Default period and publication",
    defaultPeriodKind: "Period the figures pages, the report, the downloads and the public page open on",
    defaultPeriodHint: "The last complete period before today (Vietnam time), so that every unit is compared on the same period.",
    kinds: { month: "Last complete month", quarter: "Last complete quarter", reportingYear: "Last complete reporting year (01/12 – 30/11)" },
    publicMinimum: "Minimum answers to publish a rate on the public page",
    publicMinimumHint: "From 1 to 10,000. Below it the public page shows “not enough answers to publish” instead of the rate: a unit's rate counts its answer sheets, an element's its valid answers.",
  },
};
