import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { agencyProcedures, desks, staffAccounts } from "@/db/schema";
import { createAgencyTree, createSurveyBase, insertResponses, uniformSheet } from "@/tests/helpers/fixtures";
import { createTestDatabase } from "@/tests/helpers/test-db";
import { accountsInScope } from "./admin-accounts";
import { agencyTreeInScope } from "./admin-agencies";
import { searchProcedures } from "./admin-procedures";
import { questionnairesWithVersions } from "./admin-questionnaires";

let database: Database;
let tree: Awaited<ReturnType<typeof createAgencyTree>>;
let procedureId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  const base = await createSurveyBase(database.db);
  procedureId = base.procedureId;
  tree = await createAgencyTree(database.db, [
    { code: "P", level: "province", name: "Tỉnh" },
    { code: "D", level: "district", parent: "P", name: "Huyện", sortOrder: 2 },
    { code: "B", level: "district", parent: "P", name: "Bộ phận", sortOrder: 1 },
    { code: "C", level: "commune", parent: "D", name: "Xã" },
  ]);
  await database.db.insert(desks).values([
    { agencyId: tree.C!.id, code: "Q1", name: "Quầy 1" },
    { agencyId: tree.C!.id, code: "Q2", name: "Quầy 2", active: false },
  ]);
  await database.db.insert(staffAccounts).values([
    { username: "a", name: "A", passwordHash: "x", role: "officer", agencyId: tree.C!.id },
    { username: "b", name: "B", passwordHash: "x", role: "leader", agencyId: tree.D!.id },
  ]);
  await database.db.insert(agencyProcedures).values([
    { agencyId: tree.C!.id, procedureId },
    { agencyId: tree.B!.id, procedureId },
  ]);
  await insertResponses(database.db, { agencyId: tree.C!.id, versionId: base.versionId, submittedAt: new Date(), sheets: [{ answers: uniformSheet(5), count: 3 }] });
});

afterAll(() => database?.close());

describe("administration queries", () => {
  it("lists a subtree depth first, siblings in order, with per-agency counts", async () => {
    const list = await agencyTreeInScope(database.db, { scopePath: tree.P!.path });
    expect(list.map((a) => [a.code, a.depth])).toEqual([
      ["P", 0],
      ["B", 1],
      ["D", 1],
      ["C", 2],
    ]);
    expect(list.find((a) => a.code === "C")).toMatchObject({ desks: 1, staff: 1, procedures: 1 });
    expect(list.find((a) => a.code === "D")).toMatchObject({ desks: 0, staff: 1, procedures: 0 });
    expect((await agencyTreeInScope(database.db, { scopePath: tree.D!.path })).map((a) => a.code)).toEqual(["D", "C"]);
  });

  it("counts the agencies of each procedure and the responses of each version", async () => {
    const { list, total } = await searchProcedures(database.db, { q: "thử", limit: 10, offset: 0 });
    expect(total).toBe(1);
    expect(list[0]).toMatchObject({ id: procedureId, agencies: 2 });
    const [questionnaire] = await questionnairesWithVersions(database.db);
    expect(questionnaire!.versions[0]).toMatchObject({ status: "published", responses: 3 });
    expect(questionnaire!.versions[0]!.questions.length).toBeGreaterThan(5);
  });

  it("keeps accounts to the subtree", async () => {
    expect((await accountsInScope(database.db, { scopePath: tree.D!.path })).map((a) => a.username).sort()).toEqual(["a", "b"]);
    expect((await accountsInScope(database.db, { scopePath: tree.C!.path })).map((a) => a.username)).toEqual(["a"]);
    expect(await accountsInScope(database.db, { scopePath: tree.B!.path })).toEqual([]);
  });
});
