import { sql } from "drizzle-orm";
import { rows, type Db } from "@/db/client";
import { agencies } from "@/db/schema";
import { ELEMENTS, type Element } from "@/lib/questionnaire/sipas-v1";
import { DEMO_DISTRICT_CODE } from "./catalogue";
import { DEMO_PERIOD } from "./dossiers";
import { vietnamDayOf } from "@/lib/time/vietnam";

export type SeedSummary = {
  agencies: number;
  procedures: number;
  desks: number;
  staffAccounts: number;
  /** The demo year's dossiers (completed 01/12/2022–30/11/2023). */
  dossiers: {
    total: number;
    /** The demo district's own units (one-stop centre and departments). */
    districtLevel: number;
    /** The demo district's communes and towns. */
    communeLevel: number;
    /** Everything outside the demo district. */
    elsewhere: number;
  };
  /** Invitations issued, responses and answers given in the demo year. */
  invitations: number;
  responses: { verified: number; unverified: number };
  answers: number;
  district: {
    code: string;
    name: string;
    /** "Chỉ số hài lòng chung (TB 5 yếu tố)", pooled over the district subtree, full precision. */
    meanOfFive: number;
    elements: Record<Element, number>;
  };
  /** Mean of the five indices of each commune, lowest and highest: the spread a ranking shows. */
  communes: { lowest: { name: string; meanOfFive: number }; highest: { name: string; meanOfFive: number } };
  /** Exceptions to the working week written into the calendar. */
  calendarDays: number;
  /** Every case, of the year and of the recent stream. */
  cases: { total: number; open: number; replied: number; closed: number; late: number; escalated: number; forwarded: number };
  /** The later segments (lib/demo/years.ts), days as yyyy-mm-dd, both included, as stored. */
  later: { name: string; from: string; to: string; dossiers: number; responses: number }[];
  /** The answers of the days before the demo was loaded (days as yyyy-mm-dd, both included); null when none. */
  recent: { from: string; to: string; dossiers: number; responses: number; cases: number; contacts: number } | null;
  elapsedMs: number;
};

export type SummaryExtras = { recentWindow: { from: string; to: string } | null; later: { name: string; from: Date; to: Date }[] };

/** Read back from the database, so that it reports what was stored. */
export async function summarise(db: Db, extras: SummaryExtras): Promise<Omit<SeedSummary, "elapsedMs">> {
  const [district] = await db
    .select({ path: agencies.path, name: agencies.name })
    .from(agencies)
    .where(sql`${agencies.code} = ${DEMO_DISTRICT_CODE}`);
  const subtree = `${district!.path}%`;
  const from = DEMO_PERIOD.from.toISOString();
  const to = DEMO_PERIOD.to.toISOString();
  const inYear = (column: string) => sql`${sql.raw(column)} >= ${from}::timestamptz and ${sql.raw(column)} < ${to}::timestamptz`;
  const [counts] = await rows<{
    agencies: number;
    procedures: number;
    desks: number;
    staff: number;
    dossiers: number;
    district_level: number;
    commune_level: number;
    invitations: number;
    verified: number;
    unverified: number;
    answers: number;
  }>(
    db,
    sql`select
      (select count(*)::int from agencies) as agencies,
      (select count(*)::int from procedures) as procedures,
      (select count(*)::int from desks) as desks,
      (select count(*)::int from staff_accounts) as staff,
      (select count(*)::int from dossiers d where ${inYear("d.completed_at")}) as dossiers,
      (select count(*)::int from dossiers d join agencies a on a.id = d.agency_id
        where a.path like ${subtree} and a.level <> 'commune' and ${inYear("d.completed_at")}) as district_level,
      (select count(*)::int from dossiers d join agencies a on a.id = d.agency_id
        where a.path like ${subtree} and a.level = 'commune' and ${inYear("d.completed_at")}) as commune_level,
      (select count(*)::int from invitations i where ${inYear("i.issued_at")}) as invitations,
      (select count(*)::int from responses r where r.verified and ${inYear("r.submitted_at")}) as verified,
      (select count(*)::int from responses r where not r.verified and ${inYear("r.submitted_at")}) as unverified,
      (select count(*)::int from answers a join responses r on r.id = a.response_id where ${inYear("r.submitted_at")}) as answers`,
  );

  const elementList = sql.join(
    ELEMENTS.map((e) => sql`${e}`),
    sql`, `,
  );
  const period = sql`r.verified and r.submitted_at >= ${DEMO_PERIOD.from.toISOString()}::timestamptz
    and r.submitted_at < ${DEMO_PERIOD.to.toISOString()}::timestamptz`;
  // Domain §4: each element index pooled over the subtree, then the plain mean of the five.
  const figures = await rows<{ element: Element; idx: number; mean: number }>(
    db,
    sql`with e as (
      select a.element, 100.0 * count(*) filter (where a.value >= 4) / count(*) as idx
      from answers a
      join responses r on r.id = a.response_id
      join agencies g on g.id = r.agency_id
      where g.path like ${subtree} and ${period} and a.element in (${elementList})
      group by a.element
    )
    select element, idx::float8 as idx, (avg(idx) over ())::float8 as mean from e`,
  );
  const perCommune = await rows<{ name: string; mean: number }>(
    db,
    sql`with e as (
      select g.id, g.name, a.element, 100.0 * count(*) filter (where a.value >= 4) / count(*) as idx
      from answers a
      join responses r on r.id = a.response_id
      join agencies g on g.id = r.agency_id
      where g.path like ${subtree} and g.level = 'commune' and ${period} and a.element in (${elementList})
      group by g.id, g.name, a.element
    )
    select name, avg(idx)::float8 as mean from e group by id, name order by mean, name`,
  );

  const [caseCounts] = await rows<SeedSummary["cases"] & { calendar: number }>(
    db,
    sql`select count(*)::int as total,
        count(*) filter (where status in ('new', 'in_progress'))::int as open,
        count(*) filter (where status = 'replied')::int as replied,
        count(*) filter (where status = 'closed')::int as closed,
        count(*) filter (where replied_at is not null and ((replied_at at time zone 'UTC') + interval '7 hours')::date > reply_due_on)::int as late,
        count(*) filter (where escalated_at is not null)::int as escalated,
        count(*) filter (where forwarded_at is not null)::int as forwarded,
        (select count(*)::int from calendar_days) as calendar
      from cases`,
  );
  let recent: SeedSummary["recent"] = null;
  if (extras.recentWindow) {
    const start = new Date(`${extras.recentWindow.from}T00:00:00+07:00`).toISOString();
    const [r] = await rows<{ dossiers: number; responses: number; cases: number; contacts: number }>(
      db,
      sql`select
        (select count(*)::int from dossiers where completed_at >= ${start}::timestamptz) as dossiers,
        (select count(*)::int from responses where submitted_at >= ${start}::timestamptz) as responses,
        (select count(*)::int from cases where opened_at >= ${start}::timestamptz) as cases,
        (select count(*)::int from contacts) as contacts`,
    );
    recent = { ...extras.recentWindow, ...r! };
  }
  const later: SeedSummary["later"] = [];
  for (const segment of extras.later) {
    const [n] = await rows<{ dossiers: number; responses: number }>(
      db,
      sql`select
        (select count(*)::int from dossiers where completed_at >= ${segment.from.toISOString()}::timestamptz and completed_at < ${segment.to.toISOString()}::timestamptz) as dossiers,
        (select count(*)::int from responses where verified and submitted_at >= ${segment.from.toISOString()}::timestamptz and submitted_at < ${segment.to.toISOString()}::timestamptz) as responses`,
    );
    later.push({ name: segment.name, from: vietnamDayOf(segment.from), to: vietnamDayOf(new Date(segment.to.getTime() - 1)), ...n! });
  }
  const { calendar, ...cases } = caseCounts!;
  const c = counts!;
  const elements = Object.fromEntries(ELEMENTS.map((e) => [e, figures.find((f) => f.element === e)?.idx ?? 0])) as Record<
    Element,
    number
  >;
  const lowest = perCommune[0];
  const highest = perCommune[perCommune.length - 1];
  return {
    agencies: c.agencies,
    procedures: c.procedures,
    desks: c.desks,
    staffAccounts: c.staff,
    dossiers: {
      total: c.dossiers,
      districtLevel: c.district_level,
      communeLevel: c.commune_level,
      elsewhere: c.dossiers - c.district_level - c.commune_level,
    },
    invitations: c.invitations,
    responses: { verified: c.verified, unverified: c.unverified },
    answers: c.answers,
    district: { code: DEMO_DISTRICT_CODE, name: district!.name, meanOfFive: figures[0]?.mean ?? 0, elements },
    communes: {
      lowest: { name: lowest?.name ?? "", meanOfFive: lowest?.mean ?? 0 },
      highest: { name: highest?.name ?? "", meanOfFive: highest?.mean ?? 0 },
    },
    calendarDays: calendar,
    cases,
    later,
    recent,
  };
}