import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type Database, type Db } from "@/db/client";
import { verifyPassword } from "@/lib/auth/password";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { DEMO_ACCOUNTS, DEMO_DISTRICT_CODE, DEMO_PASSWORD, DEMO_PERIOD, isDatabaseEmpty, seedDemo, type SeedSummary } from "./seed";

// Seeding twice on PGlite takes ~15–25 s on the 2-core CI machine.
const SEED_TIMEOUT = 240_000;

let first: Database;
let second: Database;
let summary: SeedSummary;
let again: SeedSummary;

async function one<T>(db: Db, query: ReturnType<typeof sql>): Promise<T> {
  const [row] = await rows<T>(db, query);
  return row!;
}

/** Every value the figures are made of, by agency, element and answer. */
function satisfactionCounts(db: Db) {
  return rows<{ code: string; element: string; value: number; n: number }>(
    db,
    sql`select g.code, a.element, a.value::int as value, count(*)::int as n
        from answers a join responses r on r.id = a.response_id join agencies g on g.id = r.agency_id
        group by g.code, a.element, a.value order by g.code, a.element, a.value`,
  );
}

/** Digests of the rows themselves (ids, codes, times, tokens), beyond their counts. */
function fingerprint(db: Db) {
  return one<{ dossiers: string; invitations: string; responses: string; answers: string }>(
    db,
    sql`select
      (select md5(string_agg(concat_ws('|', d.id, a.code, d.code, p.code, k.code, s.username,
          extract(epoch from d.received_at), extract(epoch from d.due_at), extract(epoch from d.completed_at)), ',' order by d.id))
        from dossiers d join agencies a on a.id = d.agency_id join procedures p on p.id = d.procedure_id
        left join desks k on k.id = d.desk_id left join staff_accounts s on s.id = d.officer_id) as dossiers,
      (select md5(string_agg(concat_ws('|', i.id, i.dossier_id, i.channel, i.token_hash, extract(epoch from i.used_at)), ',' order by i.id))
        from invitations i) as invitations,
      (select md5(string_agg(concat_ws('|', r.id, r.invitation_id, r.channel, r.verified, r.comment, extract(epoch from r.submitted_at)), ',' order by r.id))
        from responses r) as responses,
      (select md5(string_agg(concat_ws('|', a.response_id, a.question_key, a.value), ',' order by a.response_id, a.question_key))
        from answers a) as answers`,
  );
}

beforeAll(async () => {
  first = await createTestDatabase();
  second = await createTestDatabase();
  expect(await isDatabaseEmpty(first.db)).toBe(true);
  summary = await seedDemo(first.db);
  again = await seedDemo(second.db);
}, SEED_TIMEOUT);

afterAll(async () => {
  await first?.close();
  await second?.close();
});

describe("the demo seed", () => {
  it("reproduces the volumes of the district report (domain §1)", () => {
    expect(summary.dossiers.districtLevel).toBe(12_932);
    expect(summary.dossiers.communeLevel).toBe(28_552);
    expect(summary.dossiers.districtLevel + summary.dossiers.communeLevel).toBe(41_484);
    expect(summary.dossiers.elsewhere).toBeGreaterThan(0);
    expect(summary.procedures).toBeGreaterThanOrEqual(30);
  });

  it("builds a province with two districts, the demo one with a centre, departments and 11 communes", async () => {
    const shape = await one<{ districts: number; communes: number; centres: number; departments: number }>(
      first.db,
      sql`select
        (select count(*)::int from agencies c join agencies p on p.id = c.parent_id where p.level = 'province' and c.level = 'district') as districts,
        (select count(*)::int from agencies c join agencies d on d.id = c.parent_id where d.code = ${DEMO_DISTRICT_CODE} and c.level = 'commune') as communes,
        (select count(*)::int from agencies c join agencies d on d.id = c.parent_id where d.code = ${DEMO_DISTRICT_CODE} and c.level = 'center') as centres,
        (select count(*)::int from agencies c join agencies d on d.id = c.parent_id where d.code = ${DEMO_DISTRICT_CODE} and c.level = 'department') as departments`,
    );
    expect(shape).toEqual({ districts: 2, communes: 11, centres: 1, departments: expect.any(Number) });
    expect(shape.departments).toBeGreaterThanOrEqual(4);
  });

  it("invites most dossiers and hears back from about a third of the invitations", () => {
    const invited = summary.invitations / summary.dossiers.total;
    const answered = summary.responses.verified / summary.invitations;
    expect(invited).toBeGreaterThan(0.8);
    expect(invited).toBeLessThan(0.9);
    expect(answered).toBeGreaterThan(0.3);
    expect(answered).toBeLessThan(0.4);
    expect(summary.responses.unverified).toBeGreaterThan(0);
  });

  it("lands on the report's 92,6% with elements and communes that differ", () => {
    expect(Math.abs(summary.district.meanOfFive - 92.6)).toBeLessThanOrEqual(0.3);
    const { access, procedure, officials, result, feedback } = summary.district.elements;
    expect((access + procedure + officials + result + feedback) / 5).toBeCloseTo(summary.district.meanOfFive, 9);
    expect(procedure).toBeLessThan(officials - 3);
    expect(summary.communes.lowest.meanOfFive).toBeLessThan(88);
    expect(summary.communes.highest.meanOfFive).toBeGreaterThan(95);
  });

  it("gives the same district figure when pooled from the raw answers (domain §4)", async () => {
    const counts = await rows<{ element: string; satisfied: number; valid: number }>(
      first.db,
      sql`select a.element, count(*) filter (where a.value in (4, 5))::int as satisfied, count(*)::int as valid
          from answers a join responses r on r.id = a.response_id join agencies g on g.id = r.agency_id
          join agencies d on d.code = ${DEMO_DISTRICT_CODE} and g.path like d.path || '%'
          where r.verified and a.element in ('access', 'procedure', 'officials', 'result', 'feedback')
          group by a.element`,
    );
    expect(counts).toHaveLength(5);
    const mean = counts.reduce((s, c) => s + (100 * c.satisfied) / c.valid, 0) / counts.length;
    expect(mean).toBeCloseTo(summary.district.meanOfFive, 9);
  });

  it("stores surveys that hold together", async () => {
    const broken = await one<Record<string, number>>(
      first.db,
      sql`select
        (select count(*)::int from responses r left join invitations i on i.id = r.invitation_id
          where r.verified and (i.id is null or i.used_at is distinct from r.submitted_at or i.dossier_id is distinct from r.dossier_id
            or i.agency_id <> r.agency_id or i.channel <> r.channel)) as verified_without_matching_invitation,
        (select count(*)::int from responses r join dossiers d on d.id = r.dossier_id
          where d.agency_id <> r.agency_id or d.procedure_id <> r.procedure_id or d.officer_id <> r.officer_id or d.desk_id <> r.desk_id) as not_copied_from_dossier,
        (select count(*)::int from responses r where not r.verified and (r.invitation_id is not null or r.channel <> 'standing_qr')) as odd_unverified,
        (select count(*)::int from invitations i where i.used_at is not null and not exists (select 1 from responses r where r.invitation_id = i.id)) as used_without_response,
        (select count(*)::int from invitations i join dossiers d on d.id = i.dossier_id
          where i.issued_at <> d.completed_at or i.expires_at <> i.issued_at + interval '30 days' or i.used_at >= i.expires_at) as odd_invitation_times,
        (select count(*)::int from dossiers d where not (d.received_at <= d.completed_at and d.received_at < d.due_at)) as odd_dossier_times,
        (select count(*)::int from dossiers d where d.completed_at < ${DEMO_PERIOD.from.toISOString()}::timestamptz
          or d.completed_at >= ${DEMO_PERIOD.to.toISOString()}::timestamptz) as dossiers_outside_year,
        (select count(*)::int from responses r where r.submitted_at < ${DEMO_PERIOD.from.toISOString()}::timestamptz
          or r.submitted_at >= ${DEMO_PERIOD.to.toISOString()}::timestamptz) as responses_outside_year,
        (select count(*)::int from dossiers d where d.source <> 'demo') as not_demo,
        (select count(*)::int from responses r where r.verified
          and (select count(*) from answers a where a.response_id = r.id and a.question_key in ('S1', 'S2', 'S3', 'S4')) <> 4) as missing_required_answers`,
    );
    expect(broken).toEqual(Object.fromEntries(Object.keys(broken).map((k) => [k, 0])));

    const shares = await one<{ s5: number; s0: number; commented: number }>(
      first.db,
      sql`select
        (select count(*) from answers where question_key = 'S5')::float8 / count(*) as s5,
        (select count(*) from answers where question_key = 'S0')::float8 / count(*) as s0,
        count(r.comment)::float8 / count(*) as commented
        from responses r`,
    );
    // Most citizens never complained, so S5 is mostly "not applicable" (domain §3).
    expect(shares.s5).toBeGreaterThan(0.15);
    expect(shares.s5).toBeLessThan(0.35);
    expect(shares.s0).toBeGreaterThan(0.7);
    expect(shares.commented).toBeGreaterThan(0.01);
    expect(shares.commented).toBeLessThan(0.15);
  });

  it("creates the printed demo accounts with the printed password and scope", async () => {
    for (const account of DEMO_ACCOUNTS) {
      const row = await one<{ role: string; agency: string; desk: string | null; hash: string } | undefined>(
        first.db,
        sql`select s.role, a.name as agency, k.code as desk, s.password_hash as hash
            from staff_accounts s join agencies a on a.id = s.agency_id left join desks k on k.id = s.desk_id
            where s.username = ${account.username}`,
      );
      expect(row, account.username).toMatchObject({ role: account.role, agency: account.agencyName, desk: account.deskCode ?? null });
    }
    const [leader] = await rows<{ hash: string }>(first.db, sql`select password_hash as hash from staff_accounts where username = 'lanhdao.huyen'`);
    expect(await verifyPassword(DEMO_PASSWORD, leader!.hash)).toBe(true);
  });

  it("is deterministic: two fresh databases get the same rows and the same figures", async () => {
    expect({ ...again, elapsedMs: 0 }).toEqual({ ...summary, elapsedMs: 0 });
    expect(await satisfactionCounts(second.db)).toEqual(await satisfactionCounts(first.db));
    expect(await fingerprint(second.db)).toEqual(await fingerprint(first.db));
  });

  it("leaves nothing behind when it fails, and never seeds twice", async () => {
    expect(await isDatabaseEmpty(first.db)).toBe(false);
    const before = await fingerprint(first.db);
    await expect(seedDemo(first.db)).rejects.toThrow();
    expect(await fingerprint(first.db)).toEqual(before);
  });
});
