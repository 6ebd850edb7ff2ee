import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { agencyOverview, bandFor } from "@/lib/metrics/figures";
import { DashboardChrome } from "../dashboard-chrome";
import { agencyName, dashboardContext, type Search } from "../dashboard-context";
import { formatters } from "../figure-format";
import { DataTable } from "@/app/components/data-table";

export const metadata: Metadata = { title: "Xếp hạng đơn vị" };

export default async function RankingPage({ searchParams }: { searchParams: Search }) {
  const ctx = await dashboardContext(searchParams, "/dashboard/ranking");
  const { t, locale, db, agency, staff, period, settings } = ctx;
  const overview = await agencyOverview(db, { agencyId: agency.id, scopePath: staff.scopePath, period, settings });
  if (!overview) notFound();
  const { ranked, apart } = overview.ranking;
  const f = formatters(locale, t);
  const link = (id: number) => `/dashboard/ranking?agency=${id}&period=${encodeURIComponent(period.key)}`;

  return (
    <DashboardChrome ctx={ctx} tab="ranking" path="/dashboard/ranking">
      {overview.children.length === 0 ? (
        <p>{t.dashboard.noChildren}</p>
      ) : (
        <>
          <h2>{t.dashboard.rankedTitle}</h2>
          <DataTable
            columns={[{ label: t.dashboard.rank, numeric: true }, t.dashboard.agency, { label: t.dashboard.meanOfFive, numeric: true }, ...(settings.bands.length > 0 ? [t.dashboard.band] : []), { label: t.dashboard.responses, numeric: true }, { label: t.dashboard.sampleNeeded, numeric: true }]}
            rows={ranked}
            testId="ranked"
            row={({ figures: c, rank }) => (
              <tr key={c.agencyId}>
                <td className="num" data-testid="rank">
                  {rank}/{ranked.length}
                </td>
                <th scope="row">
                  <Link href={link(c.agencyId)}>{agencyName(c, locale)}</Link>
                </th>
                <td className="num">{f.pct(c.meanOfElements)}</td>
                {settings.bands.length > 0 && <td>{f.band(bandFor(c.meanOfElements, settings.bands))}</td>}
                <td className="num">{f.num(c.responses)}</td>
                <td className="num">{f.num(c.sample.needed)}</td>
              </tr>
            )}
          />
          {apart.length > 0 && (
            <>
              <h2>{t.dashboard.apartTitle}</h2>
              <DataTable
                columns={[t.dashboard.agency, { label: t.dashboard.meanOfFive, numeric: true }, { label: t.dashboard.responses, numeric: true }, { label: t.dashboard.sampleNeeded, numeric: true }]}
                rows={apart}
                testId="apart"
                row={(c) => (
                  <tr key={c.agencyId}>
                    <th scope="row">
                      <Link href={link(c.agencyId)}>{agencyName(c, locale)}</Link>
                    </th>
                    <td className="num">
                      {f.pct(c.meanOfElements)} <span className="badge warn">{t.dashboard.insufficient}</span>
                    </td>
                    <td className="num">{f.num(c.responses)}</td>
                    <td className="num">{f.num(c.sample.needed)}</td>
                  </tr>
                )}
              />
            </>
          )}
          <p className="small muted">{t.dashboard.rankNote}</p>
        </>
      )}
    </DashboardChrome>
  );
}

