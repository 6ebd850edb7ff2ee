import type { Metadata } from "next";
import Link from "next/link";
import { desksOfAgency, desksWithKiosk, proceduresOfAgency, recentDossiers } from "@/db/queries/desk";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getLocale, messagesFor } from "@/lib/i18n";
import { formatDateTime } from "@/lib/i18n/format";
import { StaffHeader } from "@/app/components/staff-header";
import { issueForDossierAction } from "./actions";
import { DeskForm } from "./desk-form";
import { DataTable } from "@/app/components/data-table";

export const metadata: Metadata = { title: "Quầy tiếp nhận" };

export default async function DeskPage() {
  const staff = await requireStaffPage("issue:survey", "/desk");
  const locale = await getLocale();
  const t = messagesFor(locale);
  const db = await getDb();
  const [procedures, desks, kioskDeskIds, recent] = await Promise.all([
    proceduresOfAgency(db, { agencyId: staff.agencyId }),
    desksOfAgency(db, { agencyId: staff.agencyId }),
    desksWithKiosk(db, { agencyId: staff.agencyId }),
    recentDossiers(db, { agencyId: staff.agencyId, scopePath: staff.scopePath }),
  ]);
  const statusLabel = {
    none: t.desk.statusNone,
    issued: t.desk.statusIssued,
    answered: t.desk.statusAnswered,
    expired: t.desk.statusExpired,
    revoked: t.desk.statusRevoked,
  } as const;
  return (
    <>
      <StaffHeader staff={staff} t={t} locale={locale} path="/desk" />
      <main id="main">
        <h1>{t.desk.title}</h1>
        <p className="muted">{staff.agencyName}</p>
        <ul className="desk-links no-print">
          <li>
            <Link href="/desk/print">{t.desk.printSheet}</Link>
          </li>
          <li>
            <Link href="/desk/import">{t.desk.importLink}</Link>
          </li>
        </ul>
        <section aria-labelledby="record-title">
          <h2 id="record-title">{t.desk.recordTitle}</h2>
          <DeskForm
            procedures={procedures.map((p) => ({ id: p.id, label: `${p.name} (${p.code} · ${p.field})` }))}
            desks={desks.map((d) => ({ id: d.id, label: d.name }))}
            kioskDeskIds={kioskDeskIds}
            defaultDeskId={staff.deskId}
            labels={t.desk}
          />
        </section>
        <section aria-labelledby="recent-title">
          <h2 id="recent-title">{t.desk.recentTitle}</h2>
          <DataTable
            columns={[t.desk.dossierCode, t.desk.procedure, t.desk.completedAt, t.desk.source, t.desk.status, { label: t.desk.show, hidden: true }]}
            rows={recent}
            empty={t.desk.none}
            row={(d) => (
              <tr key={d.id}>
                <td>{d.code}</td>
                <td>{d.procedureName}</td>
                <td>{d.completedAt ? formatDateTime(d.completedAt) : ""}</td>
                <td>{t.desk.sources[d.source]}</td>
                <td>{statusLabel[d.status]}</td>
                <td>
                  {d.invitationId ? (
                    <Link href={`/desk/invitations/${d.invitationId}`}>{t.desk.show}</Link>
                  ) : (
                    <form action={issueForDossierAction} className="inline-form">
                      <input type="hidden" name="dossierId" value={d.id} />
                      <button type="submit" className="secondary">
                        {t.desk.issue}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            )}
          />
        </section>
      </main>
    </>
  );
}
