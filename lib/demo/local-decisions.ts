import type { Db } from "@/db/client";
import { agencyTargets, settings } from "@/db/schema";
import { settingSchemas } from "@/lib/settings";
import { DEMO_DISTRICT_CODE, DEMO_PROVINCE_CODE } from "./catalogue";
import type { Structure } from "./structure";

/**
 * The demo province's own decisions, as an administrator would have entered them: example
 * classification bands (a local decision, never a national rule: domain §4.9) and headline
 * targets for the province and the district, for every reporting year the demo spans. The
 * district aims a little above its 2023 result (92,6 %), so that the overview shows the gap.
 */
export const DEMO_BANDS = settingSchemas["figures.bands"].parse([
  { label: "Tốt", labelEn: "Good", min: 90 },
  { label: "Khá", labelEn: "Fair", min: 80 },
  { label: "Trung bình", labelEn: "Average", min: 65 },
  { label: "Yếu", labelEn: "Weak", min: 0 },
]);

export const DEMO_TARGETS: { code: string; percent: number }[] = [
  { code: DEMO_PROVINCE_CODE, percent: 90 },
  { code: DEMO_DISTRICT_CODE, percent: 93 },
];

export async function insertLocalDecisions(db: Db, structure: Structure, years: { from: number; to: number }): Promise<number> {
  await db.insert(settings).values({ key: "figures.bands", value: DEMO_BANDS });
  const rows = DEMO_TARGETS.flatMap((t) =>
    Array.from({ length: years.to - years.from + 1 }, (_, i) => ({
      agencyId: structure.agencyIds.get(t.code)!,
      reportingYear: years.from + i,
      targetHundredths: Math.round(t.percent * 100),
    })),
  );
  await db.insert(agencyTargets).values(rows);
  return rows.length;
}
