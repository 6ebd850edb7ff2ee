import type { Metadata } from "next";
import Link from "next/link";
import { agencyTreeInScope } from "@/db/queries/admin-agencies";
import { searchProcedures } from "@/db/queries/admin-procedures";
import { isGlobalAdmin } from "@/lib/admin/common";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { fill, getLocale, messagesFor } from "@/lib/i18n";
import { ActionForm } from "../action-form";
import { AdminShell } from "../admin-shell";
import { createProcedureAction, importCatalogueAction } from "./actions";
import { DataTable } from "@/app/components/data-table";

export const metadata: Metadata = { title: "Thủ tục hành chính" };

// One screen of a catalogue that runs to thousands of procedures.
const PAGE = 50;

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function ProceduresPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const staff = await requireStaffPage("manage:procedures", "/admin/procedures");
  const locale = await getLocale();
  const t = messagesFor(locale);
  const a = t.admin;
  const q = typeof params.q === "string" ? params.q.slice(0, 100) : "";
  const pageNo = typeof params.page === "string" && /^\d{1,5}$/.test(params.page) ? Math.max(1, Number(params.page)) : 1;
  const db = await getDb();
  const editable = isGlobalAdmin(staff, "manage:procedures");
  const [{ list, total }, tree] = await Promise.all([
    searchProcedures(db, { q, limit: PAGE, offset: (pageNo - 1) * PAGE }),
    editable ? agencyTreeInScope(db, { scopePath: staff.scopePath }) : Promise.resolve([]),
  ]);
  const pageHref = (n: number) => `/admin/procedures?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) })}`;
  return (
    <AdminShell staff={staff} t={t} locale={locale} path="/admin/procedures" section="procedures">
      <h1>{a.procedures.title}</h1>
      <form method="get" action="/admin/procedures" role="search" className="search-form">
        <label htmlFor="q" className="label">
          {a.procedures.searchLabel}
        </label>
        <input id="q" name="q" type="search" defaultValue={q} maxLength={100} />
        <button type="submit">{a.search}</button>
      </form>
      <p className="small muted">{fill(a.procedures.total, { n: total })}</p>
      <DataTable
        columns={[a.fields.code, a.fields.name, a.fields.field, { label: a.procedures.agencies, numeric: true }]}
        rows={list}
        testId="procedures"
        row={(p) => (
          <tr key={p.id}>
            <td>{p.code}</td>
            <td>{editable ? <Link href={`/admin/procedures/${p.id}`}>{p.name}</Link> : p.name}</td>
            <td>{p.field}</td>
            <td className="num">{p.agencies}</td>
          </tr>
        )}
      />
      <p className="pager">
        {pageNo > 1 && <Link href={pageHref(pageNo - 1)}>{a.procedures.prev}</Link>}{" "}
        {pageNo * PAGE < total && <Link href={pageHref(pageNo + 1)}>{a.procedures.next}</Link>}
      </p>

      {editable && (
        <>
          <section aria-labelledby="create-title">
            <h2 id="create-title">{a.procedures.createTitle}</h2>
            <ActionForm action={createProcedureAction} submit={a.procedures.create}>
              <div className="field">
                <label htmlFor="p-code">{a.fields.code}</label>
                <input id="p-code" name="code" type="text" required maxLength={40} autoComplete="off" className="short" />
              </div>
              <div className="field">
                <label htmlFor="p-name">{a.fields.name}</label>
                <input id="p-name" name="name" type="text" required maxLength={500} />
              </div>
              <div className="field">
                <label htmlFor="p-field">{a.fields.field}</label>
                <input id="p-field" name="field" type="text" required maxLength={200} />
              </div>
            </ActionForm>
          </section>
          <section aria-labelledby="import-title">
            <h2 id="import-title">{a.procedures.importTitle}</h2>
            <p className="small muted" id="import-hint">
              {a.procedures.importHint}
            </p>
            <ActionForm action={importCatalogueAction} submit={a.procedures.import} lineLabel={a.procedures.line} problemLabel={a.procedures.problem} testId="import-form">
              <div className="field">
                <label htmlFor="import-file">{a.procedures.file}</label>
                <input id="import-file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="import-hint" />
              </div>
              <div className="field">
                <label htmlFor="import-agency">{a.procedures.linkTo}</label>
                <select id="import-agency" name="agencyId" defaultValue="">
                  <option value="">{a.procedures.noLink}</option>
                  {tree
                    .filter((x) => x.active)
                    .map((x) => (
                      <option key={x.id} value={x.id}>
                        {"\u00a0".repeat(x.depth * 2)}
                        {x.name}
                      </option>
                    ))}
                </select>
              </div>
            </ActionForm>
          </section>
        </>
      )}
    </AdminShell>
  );
}
