import { notFound } from "next/navigation";
import { z } from "zod";
import { agencyAncestors, agencyToRead, predecessorInForceAt } from "@/db/queries/agencies";
import { reportingYearsWithResponses } from "@/db/queries/periods";
import type { Agency } from "@/db/schema";
import type { StaffUser } from "@/lib/auth/accounts";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb, type Db } from "@/lib/db";
import { getLocale, messagesFor, type Locale, type Messages } from "@/lib/i18n";
import { figureSettings, type FigureSettings } from "@/lib/metrics/figures";
import { parsePeriod, periodFromForm, type Period } from "@/lib/metrics/periods";
import { installationDefaultPeriod } from "@/lib/metrics/publication";
import { prefetchHeaderCounts } from "@/app/components/header-counts";
import { askedView } from "@/app/components/figure-view-choice";
import type { FigureView } from "@/lib/metrics/figures";

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
  view: one,
});

export type DashboardContext = {
  staff: StaffUser;
  locale: Locale;
  t: Messages;
  db: Db;
  agency: Agency;
  /**
   * The subtree the page reads in: the viewer's own, or for an agency of history (a predecessor of
   * an agency in it), that predecessor's (decision 021). Every figure query takes this one.
   */
  scopePath: string;
  /**
   * Set when the page opened on a predecessor of the viewer's agency because the period ended
   * before that agency came into force: the agency of today, for the link back to it.
   */
  openedFrom: Agency | null;
  period: Period;
  periodInvalid: boolean;
  /** The reading the URL asks for; a page offers the restated one only where it differs (decision 021). */
  view: FigureView;
  /**
   * What only the page's frame shows (the breadcrumbs up to the viewer's own agency, the reporting
   * years on offer). Pages framed by DashboardChrome start it with the context, so that it is read
   * while the page reads its figures; a page without that frame (the report) never reads it.
   */
  chrome: () => Promise<FrameData>;
  settings: FigureSettings;
  /** `?agency=…&period=…` for links that keep the agency and period. */
  query: string;
  params: Record<string, string | undefined>;
};

/**
 * The common gate of every leader page: authenticate, parse, authorise against the leader's
 * subtree. An agency outside the subtree is indistinguishable from one that does not exist.
 */
export type FrameData = { ancestors: Agency[]; reportingYears: number[] };

export async function dashboardContext(searchParams: Search, page: string, { frame = true }: { frame?: boolean } = {}): Promise<DashboardContext> {
  const raw = await searchParams;
  const db = await getDb();
  // What does not depend on who asks is read while the session is checked.
  const shared = Promise.all([getLocale(), figureSettings(db), installationDefaultPeriod(db)]);
  shared.catch(() => {});
  const staff = await requireStaffPage("view:dashboard", page);
  const parsed = querySchema.safeParse(raw);
  const params: Record<string, string | undefined> = parsed.success ? parsed.data : {};
  // The bell's counts are read now, beside everything else, not after the page's figures.
  prefetchHeaderCounts(staff.id);

  let agencyId = staff.agencyId;
  if (params.agency !== undefined) {
    if (!/^\d{1,9}$/.test(params.agency)) notFound();
    agencyId = Number(params.agency);
  }
  const [own, [locale, settings, fallback]] = await Promise.all([agencyToRead(db, { agencyId, scopePath: staff.scopePath }), shared]);
  if (!own) notFound();
  // `?year=2023` is the reporting year ending in 2023 (links made before periods had kinds).
  const requested = params.kind
    ? periodFromForm(params)
    : params.period
      ? parsePeriod(params.period)
      : params.year
        ? parsePeriod(`ry:${params.year}`)
        : undefined;
  const period = requested ?? fallback;
  // A past period opens in the structure in force at its end (decision 021), unless the URL names the unit.
  let found = own;
  let openedFrom: Agency | null = null;
  if (params.agency === undefined && own.agency.validFrom && own.agency.validFrom.getTime() >= period.to.getTime()) {
    const predecessorId = await predecessorInForceAt(db, { agencyId: own.agency.id, at: new Date(period.to.getTime() - 1) });
    const predecessor = predecessorId ? await agencyToRead(db, { agencyId: predecessorId, scopePath: staff.scopePath }) : null;
    if (predecessor) {
      found = predecessor;
      openedFrom = own.agency;
    }
  }
  const { agency, scopePath } = found;
  const t = messagesFor(locale);
  let framing: Promise<FrameData> | undefined;
  const chrome = () => {
    if (!framing) {
      framing = Promise.all([reportingYearsWithResponses(db, { scopePath: agency.path }), agencyAncestors(db, { path: agency.path })]).then(
        ([reportingYears, ancestors]) => ({ reportingYears, ancestors: ancestors.filter((a) => a.path.startsWith(scopePath)) }),
      );
      // A page that ends early (not found) never awaits it: not an unhandled rejection then.
      framing.catch(() => {});
    }
    return framing;
  };
  if (frame) chrome();
  return {
    staff,
    locale,
    t,
    db,
    agency,
    scopePath,
    openedFrom,
    chrome,
    period,
    periodInvalid: requested === null,
    view: askedView(params.view),
    settings,
    query: `agency=${agency.id}&period=${encodeURIComponent(period.key)}`,
    params,
  };
}

export function agencyName(a: { name: string; nameEn: string | null }, locale: Locale): string {
  return locale === "en" && a.nameEn ? a.nameEn : a.name;
}
