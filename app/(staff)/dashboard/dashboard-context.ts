import { notFound } from "next/navigation";
import { z } from "zod";
import { agencyAncestors, getAgencyInScope } from "@/db/queries/agencies";
import { reportingYearsWithResponses } from "@/db/queries/periods";
import type { Agency } from "@/db/schema";
import type { StaffUser } from "@/lib/auth/accounts";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb, type Db } from "@/lib/db";
import { getLocale, messagesFor, type Locale, type Messages } from "@/lib/i18n";
import { figureSettings, type FigureSettings } from "@/lib/metrics/figures";
import { parsePeriod, periodFromForm, type Period } from "@/lib/metrics/periods";
import { installationDefaultPeriod } from "@/lib/metrics/publication";

export type Search = Promise<Record<string, string | string[] | undefined>>;

const one = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().max(40).optional());
const querySchema = z.object({
  agency: one,
  period: one,
  kind: one,
  year: one,
  q: one,
  m: one,
  from: one,
  to: one,
});

export type DashboardContext = {
  staff: StaffUser;
  locale: Locale;
  t: Messages;
  db: Db;
  agency: Agency;
  ancestors: Agency[];
  period: Period;
  periodInvalid: boolean;
  reportingYears: number[];
  settings: FigureSettings;
  /** `?agency=…&period=…` for links that keep the agency and period. */
  query: string;
  params: Record<string, string | undefined>;
};

/**
 * The common gate of every leader page: authenticate, parse, authorise against the leader's
 * subtree. An agency outside the subtree is indistinguishable from one that does not exist.
 */
export async function dashboardContext(searchParams: Search, page: string): Promise<DashboardContext> {
  const raw = await searchParams;
  const staff = await requireStaffPage("view:dashboard", page);
  const parsed = querySchema.safeParse(raw);
  const params: Record<string, string | undefined> = parsed.success ? parsed.data : {};
  const locale = await getLocale();
  const t = messagesFor(locale);
  const db = await getDb();

  let agencyId = staff.agencyId;
  if (params.agency !== undefined) {
    if (!/^\d{1,9}$/.test(params.agency)) notFound();
    agencyId = Number(params.agency);
  }
  const agency = await getAgencyInScope(db, { agencyId, scopePath: staff.scopePath });
  if (!agency) notFound();

  const [reportingYears, ancestors, settings, fallback] = await Promise.all([
    reportingYearsWithResponses(db, { scopePath: agency.path }),
    agencyAncestors(db, { path: agency.path }),
    figureSettings(db),
    installationDefaultPeriod(db),
  ]);
  // `?year=2023` is the reporting year ending in 2023 (links made before periods had kinds).
  const requested = params.kind
    ? periodFromForm(params)
    : params.period
      ? parsePeriod(params.period)
      : params.year
        ? parsePeriod(`ry:${params.year}`)
        : undefined;
  const period = requested ?? fallback;
  return {
    staff,
    locale,
    t,
    db,
    agency,
    ancestors: ancestors.filter((a) => a.path.startsWith(staff.scopePath)),
    period,
    periodInvalid: requested === null,
    reportingYears,
    settings,
    query: `agency=${agency.id}&period=${encodeURIComponent(period.key)}`,
    params,
  };
}

export function agencyName(a: { name: string; nameEn: string | null }, locale: Locale): string {
  return locale === "en" && a.nameEn ? a.nameEn : a.name;
}
