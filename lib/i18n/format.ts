import type { Locale } from "./index";

// Dates and periods are in Vietnam time whatever the server's zone.
export const VIETNAM_TZ = "Asia/Ho_Chi_Minh";

const dateFormat = new Intl.DateTimeFormat("en-GB", { timeZone: VIETNAM_TZ, day: "2-digit", month: "2-digit", year: "numeric" });
const timeFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: VIETNAM_TZ,
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** dd/mm/yyyy in Vietnam time, for both languages (the official format). */
export function formatDate(d: Date): string {
  return dateFormat.format(d);
}

/** dd/mm/yyyy hh:mm in Vietnam time. */
export function formatDateTime(d: Date): string {
  return `${dateFormat.format(d)} ${timeFormat.format(d)}`;
}

export function htmlLang(locale: Locale): string {
  return locale;
}
