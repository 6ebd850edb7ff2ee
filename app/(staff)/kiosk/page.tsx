import type { Metadata } from "next";
import { deskName } from "@/db/queries/kiosk";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getLocale, messagesFor } from "@/lib/i18n";
import { KioskIdle } from "./kiosk-idle";

export const metadata: Metadata = { title: "Máy tính bảng tại quầy" };
export const dynamic = "force-dynamic";

/** The counter tablet's waiting screen. */
export default async function KioskPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaffPage("use:kiosk", "/kiosk");
  const t = messagesFor(await getLocale());
  const afterRaw = Number((await searchParams).after);
  const after = Number.isFinite(afterRaw) && afterRaw > 0 ? Math.floor(afterRaw) : 0;
  const desk = staff.deskId === null ? null : await deskName(await getDb(), { deskId: staff.deskId });
  return (
    <main id="main" className="kiosk-idle">
      <h1>{t.kiosk.idleTitle}</h1>
      {desk ? (
        <>
          <p>{t.kiosk.idleBody}</p>
          <p className="muted">
            {staff.agencyName} · {t.kiosk.desk}: {desk}
          </p>
          <KioskIdle after={after} offline={t.kiosk.offline} />
        </>
      ) : (
        <p className="alert">{t.kiosk.noDesk}</p>
      )}
    </main>
  );
}
