import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { mergedPredecessorPaths } from "@/db/queries/agencies";
import { breakdown, type BreakdownKind } from "@/db/queries/figure-details";
import { INDEX_ELEMENTS } from "@/db/queries/figures";
import { channels, type Channel } from "@/db/schema";
import { drillLink } from "@/lib/metrics/drill";
import { elementIndex, meanOfIndices } from "@/lib/metrics/formulas";
import { DashboardChrome } from "../../dashboard-chrome";
import { dashboardContext, type Search } from "../../dashboard-context";
import { formatters } from "../../figure-format";
import { DataTable } from "@/app/components/data-table";
import { DrillFigure } from "../../drill-figure";
import { FigureViewChoice } from "@/app/components/figure-view-choice";
import type { FigureView } from "@/lib/metrics/figures";

export const metadata: Metadata = { title: "Số liệu chi tiết" };

// Late against on-time dossiers has a page of its own (../../timeliness).
const KINDS: readonly BreakdownKind[] = ["procedure", "officer", "desk", "channel"];

export default async function BreakdownPage({ params, searchParams }: { params: Promise<{ kind: string }>; searchParams: Search }) {
  const { kind: raw } = await params;
  if (!(KINDS as readonly string[]).includes(raw)) notFound();
  const kind = raw as BreakdownKind;
  const ctx = await dashboardContext(searchParams, `/dashboard/by/${kind}`);
  const { t, locale, db, agency, period, settings } = ctx;
  // A unit that others were merged into: as recorded, or pooled with them (decision 021).
  const lineage = mergedPredecessorPaths(db, { path: agency.path });
  const view: FigureView = ctx.view === "restated" && (await lineage).length > 0 ? "restated" : "recorded";
  const [list, predecessors] = await Promise.all([
    breakdown(db, {
    by: kind,
    path: agency.path,
    scopePath: ctx.scopePath,
    from: period.from,
    to: period.to,
      includeUnverified: settings.includeUnverified,
      predecessorPaths: view === "restated" ? await lineage : undefined,
    }),
    lineage,
  ]);
  const f = formatters(locale, t);
  // By officer only S3 is shown: the other elements are not the officer's doing (domain §6).
  const elements = kind === "officer" ? (["officials"] as const) : INDEX_ELEMENTS;
  const label = (key: string, name: string, code: string | null) =>
    kind === "channel"
      ? (t.dashboard.channels[key] ?? key)
      : key === ""
        ? kind === "desk"
          ? t.dashboard.unknownDesk
          : t.dashboard.unknownProcedure
        : code && kind === "procedure"
          ? `${name} (${code})`
          : name;
  // The answers behind a row; none for answers that name no procedure (nothing to filter on).
  const drill = (key: string): string | null => {
    // Restated, a row pools several units' answers: the comments page reads one unit's.
    if (view === "restated") return null;
    const at = { agencyId: agency.id, period: period.key };
    if (kind === "channel") return (channels as readonly string[]).includes(key) ? drillLink({ ...at, channel: key as Channel }) : null;
    if (!/^\d{1,9}$/.test(key)) return null;
    // An officer is rated through S3 only, so are the answers behind their figure.
    if (kind === "desk") return drillLink({ ...at, deskId: Number(key) });
    return kind === "officer" ? drillLink({ ...at, officerId: Number(key), element: "officials" }) : drillLink({ ...at, procedureId: Number(key) });
  };
  const col = { procedure: t.dashboard.procedureCol, officer: t.dashboard.officerCol, desk: t.dashboard.deskCol, channel: t.dashboard.channelCol, timeliness: "" }[kind];

  return (
    <DashboardChrome ctx={ctx} tab={kind} path={`/dashboard/by/${kind}`}>
      {predecessors.length > 0 && <FigureViewChoice view={view} url={`/dashboard/by/${kind}?${ctx.query}`} t={t} />}
      {kind === "officer" && <p className="notice">{t.dashboard.officerNote}</p>}
      <p className="small muted no-print">{t.drill.breakdownNote}</p>
      <DataTable
        columns={[
          col,
          { label: t.dashboard.responses, numeric: true },
          ...(kind !== "officer" ? [{ label: t.dashboard.meanOfFive, numeric: true }] : []),
          ...elements.map((e) => ({ label: t.elements[e], numeric: true })),
          ...(kind === "officer" ? [{ label: t.dashboard.valid, numeric: true }] : []),
        ]}
        rows={list}
        empty={t.dashboard.noData}
        testId="breakdown"
        stack
        row={(row) => {
          const indices = INDEX_ELEMENTS.map((e) => elementIndex(row.counts.elements[e].satisfied, row.counts.elements[e].valid));
          return (
            <tr key={row.key}>
              <th scope="row">
                <DrillFigure href={drill(row.key)} t={t}>
                  {label(row.key, row.label, row.code)}
                </DrillFigure>
              </th>
              <td className="num">{f.num(row.counts.responses)}</td>
              {kind !== "officer" && <td className="num">{f.pct(meanOfIndices(indices))}</td>}
              {elements.map((e) => (
                <td key={e} className="num">
                  {f.pct(elementIndex(row.counts.elements[e].satisfied, row.counts.elements[e].valid))}
                </td>
              ))}
              {kind === "officer" && <td className="num">{f.num(row.counts.elements.officials.valid)}</td>}
            </tr>
          );
        }}
      />
    </DashboardChrome>
  );
}
