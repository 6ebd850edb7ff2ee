import type { caseFiguresVi } from "./caseFigures.vi";

export const caseFiguresEn: typeof caseFiguresVi = {
  title: "Follow-up of feedback",
  tab: "Follow-up",
  opened: "Cases opened in the period",
  replied: "Replied to the citizen",
  repliedOnTime: "Replied on time",
  onTimeShare: "Replied on time (share)",
  medianDays: "Time to reply (median, working days)",
  overdueNow: "Overdue now",
  escalated: "Overdue, escalated",
  asOf: "as of {date}",
  viewQueue: "See the cases",
  viewOverdue: "See the overdue cases",
  viewReplied: "See the replied cases",
  more: "Details by agency",
  childrenTitle: "By subordinate agency",
  noChildren: "This agency has no subordinate agencies.",
  none: "No case was opened in the period.",
  workingDays: "{n} working days",
  shortNote:
    "A case counts for the agency where the citizen answered, even after it was forwarded. Replied on time = cases replied no later than their deadline / cases replied.",
  note:
    "A case counts for the agency where the citizen gave the answer (the agency that opened it), even after it was forwarded to the competent agency. A parent agency pools the cases of its subordinate agencies; shares are never averaged. Replied on time = cases replied no later than their reply deadline / cases replied; cases not yet replied are not counted. Time to reply is the number of working days (Saturdays, Sundays and the calendar's days off excluded) from the day the case was opened to the day of the reply, as a median. \"Overdue now\" counts the cases neither replied nor closed whose reply deadline has passed today, whatever period they were opened in.",
  reportSentence:
    "In the period, {opened} dissatisfied answers opened a case; {replied} cases were replied to the citizen, {onTime} of them on time ({share}); median time to reply {median}. As of {date}, {overdue} cases are overdue.",
  reportNone: "No answer opened a case in the period. As of {date}, {overdue} cases are overdue.",
  publicTitle: "Feedback received and answered",
  publicReceived: "Feedback received",
  publicAnswered: "Answered",
  publicOnTime: "Answered on time",
  publicNote:
    "Follow-up cases opened in the period, counted for the agency where the citizen gave the answer and pooled up to the parent agencies; answered on time means no later than the deadline in working days. Only the counts are published, never the content.",
  caseLink: "Case {reference}",
  digest: {
    subject: "Hài Lòng: weekly summary {week} – {agency}",
    greeting: "Dear {name},",
    intro: "Summary of the 7 days from {from} to {to} for {agency} (against the 7 days before, {prevFrom} to {prevTo}):",
    meanOfFive: "Overall satisfaction (mean of 5 elements): {value} (previous 7 days: {previous})",
    pooled: "Satisfaction pooled over the 5 elements: {value} (previous 7 days: {previous})",
    responses: "Responses: {value} (previous 7 days: {previous})",
    newCases: "New cases: {value}",
    overdueCases: "Overdue cases: {value}",
    alerts: "New alerts: {value}",
    dashboard: "Figures: {link}",
    cases: "Cases: {link}",
    overdue: "Overdue cases: {link}",
    alertsLink: "Alerts: {link}",
    footer:
      "This message holds figures and links only, never a citizen's comment or personal data. To stop the weekly summary, change your notification settings: {link}",
    noData: "no data",
  },
};
