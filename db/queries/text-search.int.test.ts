import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type Database } from "@/db/client";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { containsAllWords, foldedSql, foldVietnamese, VIETNAMESE_LETTERS } from "./text-search";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

// Every vowel with each tone, both cases (VIETNAMESE_LETTERS), the plain letters, whole words in
// upper, lower and decomposed form, and text the fold must leave alone.
const SAMPLES = [
  ...VIETNAMESE_LETTERS,
  "abcdefghijklmnopqrstuvwxyz",
  "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  "HÀI LÒNG",
  "Rất không hài lòng",
  "ĐẤT ĐAI, ĐƯỜNG XÁ",
  "Thủ tục nhanh gọn, cán bộ nhiệt tình".normalize("NFD"),
  "NGUYỄN VĂN ỨNG".normalize("NFD"),
  "100% đúng hạn_ngày 02/12",
];

async function sqlFold(text: string): Promise<string> {
  const [row] = await rows<{ f: string }>(database.db, sql`select ${foldedSql(sql`${text}::text`)} as f`);
  return row!.f;
}

describe("the SQL fold of a text equals the JavaScript fold of the same text", () => {
  it("for every Vietnamese letter, upper and lower case, precomposed and decomposed", async () => {
    const inSql = await rows<{ i: number; f: string }>(
      database.db,
      sql`select v.i, ${foldedSql(sql`v.t`)} as f from (values ${sql.join(
        SAMPLES.map((s, i) => sql`(${i}::int, ${s}::text)`),
        sql`, `,
      )}) as v(i, t) order by v.i`,
    );
    expect(inSql.map((r) => r.f)).toEqual(SAMPLES.map(foldVietnamese));
    expect(await sqlFold("Ỵ")).toBe("y");
  });
});

describe("containsAllWords", () => {
  async function matches(text: string, query: string): Promise<boolean> {
    const [row] = await rows<{ m: boolean }>(database.db, sql`select ${containsAllWords(sql`${text}::text`, query)} as m`);
    return row!.m;
  }

  it("finds accented text from a query without diacritics, and the reverse", async () => {
    expect(await matches("Tôi rất hài lòng với cán bộ", "hai long")).toBe(true);
    expect(await matches("Tôi rất hài lòng với cán bộ", "HAI LONG")).toBe(true);
    expect(await matches("Hồ sơ đất đai chậm", "dat")).toBe(true);
    expect(await matches("Hồ sơ đất đai chậm", "Đất")).toBe(true);
    expect(await matches("ho so dat dai cham", "đất đai")).toBe(true);
    expect(await matches("Tôi rất hài lòng", "long hai")).toBe(true);
    expect(await matches("Tôi rất hài lòng", "hai long tot")).toBe(false);
  });

  it("treats % and _ in the query as themselves", async () => {
    expect(await matches("đúng 100% hạn", "100%")).toBe(true);
    expect(await matches("đúng 1000 hạn", "100%")).toBe(false);
    expect(await matches("đúng 10x0 hạn", "10%0")).toBe(false);
    expect(await matches("a_b", "a_b")).toBe(true);
    expect(await matches("axb", "a_b")).toBe(false);
    expect(await matches("c\\d", "c\\d")).toBe(true);
  });

  it("matches everything for an empty query", async () => {
    expect(await matches("bất kỳ", "   ")).toBe(true);
  });
});
