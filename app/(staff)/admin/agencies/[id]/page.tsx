import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { agencyTreeInScope, desksOfAgencyInScope, levelLabels, proceduresOfAgencyInScope, standingCodesOfAgencyInScope } from "@/db/queries/admin-agencies";
import { allProcedures } from "@/db/queries/admin-procedures";
import { agencyAncestors, getAgencyInScope } from "@/db/queries/agencies";
import { ownTargets } from "@/db/queries/targets";
import { currentReportingYear } from "@/lib/metrics/satisfaction";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { fill, getLocale, messagesFor, type Locale } from "@/lib/i18n";
import { ActionForm } from "../../action-form";
import { TierKindFields } from "../tier-kind-fields";
import { AdminShell } from "../../admin-shell";
import {
  createAgencyAction,
  createDeskAction,
  createStandingCodeAction,
  deactivateStandingCodeAction,
  linkProcedureAction,
  moveAgencyAction,
  renameDeskAction,
  setAgencyActiveAction,
  setAgencyTargetAction,
  setDeskActiveAction,
  unlinkProcedureAction,
  updateAgencyAction,
} from "../actions";
import { DataTable } from "@/app/components/data-table";

export const metadata: Metadata = { title: "Đơn vị" };

function positiveInt(value: string): number | null {
  return /^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : null;
}

export default async function AgencyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const self = `/admin/agencies/${encodeURIComponent(id)}`;
  const staff = await requireStaffPage("manage:agencies", self);
  const locale = await getLocale();
  const t = messagesFor(locale);
  const a = t.admin;
  const db = await getDb();
  const agencyId = positiveInt(id);
  const agency = agencyId ? await getAgencyInScope(db, { agencyId, scopePath: staff.scopePath }) : null;
  // Outside the administrator's subtree is indistinguishable from nonexistent.
  if (!agency) notFound();
  const canProcedures = can(staff, "manage:procedures");
  const [tree, levels, desks, codes, linked, catalogue, ancestors] = await Promise.all([
    agencyTreeInScope(db, { scopePath: staff.scopePath }),
    levelLabels(db),
    desksOfAgencyInScope(db, { agencyId: agency.id, scopePath: staff.scopePath }),
    standingCodesOfAgencyInScope(db, { agencyId: agency.id, scopePath: staff.scopePath }),
    proceduresOfAgencyInScope(db, { agencyId: agency.id, scopePath: staff.scopePath }),
    canProcedures ? allProcedures(db) : Promise.resolve([]),
    agencyAncestors(db, { path: agency.path }),
  ]);
  const targets = await ownTargets(db, { agencyId: agency.id });
  const thisYear = currentReportingYear().endYear;
  const targetYears = [...new Set([thisYear + 1, thisYear, ...targets.map((x) => x.reportingYear)])].sort((x, y) => y - x);
  const visibleAncestors = ancestors.filter((x) => x.path.startsWith(staff.scopePath) && x.id !== agency.id);
  const parentChoices = tree.filter((x) => x.active && !x.path.startsWith(agency.path));
  const linkedIds = new Set(linked.map((p) => p.id));
  const isScopeRoot = agency.path === staff.scopePath;
  const hidden = <input type="hidden" name="agencyId" value={agency.id} />;

  return (
    <AdminShell staff={staff} t={t} locale={locale} path={self} section="agencies">
      <nav aria-label={a.agencies.path} className="small">
        <Link href="/admin/agencies">{a.agencies.title}</Link>
        {visibleAncestors.map((x) => (
          <span key={x.id}>
            {" › "}
            <Link href={`/admin/agencies/${x.id}`}>{x.name}</Link>
          </span>
        ))}
      </nav>
      <h1>
        {agency.name} <span className="badge">{t.levels[agency.level] ?? agency.level}</span>{" "}
        {!agency.active && <span className="badge bad">{a.inactive}</span>}
      </h1>
      <p className="small muted">
        {a.fields.code}: {agency.code}
      </p>

      <datalist id="level-labels">
        {levels.map((l) => (
          <option key={l} value={l} />
        ))}
      </datalist>

      <section aria-labelledby="edit-title">
        <h2 id="edit-title">{a.agencies.editTitle}</h2>
        <ActionForm action={updateAgencyAction} submit={a.save}>
          {hidden}
          <div className="field">
            <label htmlFor="edit-name">{a.fields.name}</label>
            <input id="edit-name" name="name" type="text" required maxLength={200} defaultValue={agency.name} />
          </div>
          <div className="field">
            <label htmlFor="edit-nameEn">
              {a.fields.nameEn} <span className="muted">{a.optional}</span>
            </label>
            <input id="edit-nameEn" name="nameEn" type="text" maxLength={200} defaultValue={agency.nameEn ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="edit-level">{a.fields.level}</label>
            <input id="edit-level" name="level" type="text" required maxLength={40} list="level-labels" defaultValue={agency.level} aria-describedby="edit-level-hint" />
            <p id="edit-level-hint" className="small muted">
              {a.agencies.levelHint}
            </p>
          </div>
          <TierKindFields idPrefix="edit" t={t} tier={agency.tier} kind={agency.kind} />
          <div className="field">
            <label htmlFor="edit-sortOrder">{a.fields.sortOrder}</label>
            <input id="edit-sortOrder" name="sortOrder" type="number" min={0} max={9999} defaultValue={agency.sortOrder} className="short" />
          </div>
        </ActionForm>
      </section>

      <section aria-labelledby="targets-title">
        <h2 id="targets-title">{t.peers.targetsTitle}</h2>
        <p className="small muted">{t.peers.targetsIntro}</p>
        {targetYears.map((year) => {
          const current = targets.find((x) => x.reportingYear === year);
          return (
            <ActionForm key={year} action={setAgencyTargetAction} submit={a.save} testId={`target-${year}`}>
              {hidden}
              <input type="hidden" name="reportingYear" value={year} />
              <div className="field">
                <label htmlFor={`target-${year}`}>
                  {t.peers.targetValue} – {fill(t.peers.targetYear, { year })}
                </label>
                <input
                  id={`target-${year}`}
                  name="target"
                  type="text"
                  inputMode="decimal"
                  maxLength={8}
                  pattern="\s*\d{0,3}([.,]\d{1,2})?\s*%?\s*"
                  className="short"
                  defaultValue={current ? formatPercentValue(current.value, locale) : ""}
                />
              </div>
            </ActionForm>
          );
        })}
      </section>

      {agency.active && (
        <section aria-labelledby="child-title">
          <h2 id="child-title">{a.agencies.createTitle}</h2>
          <ActionForm action={createAgencyAction} submit={a.agencies.create} testId="create-child">
            <input type="hidden" name="parentId" value={agency.id} />
            <input type="hidden" name="returnId" value={agency.id} />
            <div className="field">
              <label htmlFor="child-code">{a.fields.code}</label>
              <input id="child-code" name="code" type="text" required maxLength={40} pattern="[A-Za-z0-9._\-]+" autoComplete="off" />
            </div>
            <div className="field">
              <label htmlFor="child-name">{a.fields.name}</label>
              <input id="child-name" name="name" type="text" required maxLength={200} />
            </div>
            <div className="field">
              <label htmlFor="child-nameEn">
                {a.fields.nameEn} <span className="muted">{a.optional}</span>
              </label>
              <input id="child-nameEn" name="nameEn" type="text" maxLength={200} />
            </div>
            <div className="field">
              <label htmlFor="child-level">{a.fields.level}</label>
              <input id="child-level" name="level" type="text" required maxLength={40} list="level-labels" />
            </div>
            <TierKindFields idPrefix="child" t={t} />
          </ActionForm>
        </section>
      )}

      {!isScopeRoot && (
        <section aria-labelledby="move-title">
          <h2 id="move-title">{a.agencies.moveTitle}</h2>
          <p className="small muted">{a.agencies.moveHint}</p>
          <ActionForm action={moveAgencyAction} submit={a.agencies.move}>
            {hidden}
            <div className="field">
              <label htmlFor="move-parent">{a.fields.newParentId}</label>
              <select id="move-parent" name="newParentId" required defaultValue={agency.parentId ?? ""}>
                <option value="">{a.agencies.chooseParent}</option>
                {parentChoices.map((x) => (
                  <option key={x.id} value={x.id}>
                    {"\u00a0".repeat(x.depth * 2)}
                    {x.name}
                  </option>
                ))}
              </select>
            </div>
          </ActionForm>
        </section>
      )}

      {!isScopeRoot && (
        <section aria-labelledby="status-title">
          <h2 id="status-title">{a.agencies.statusTitle}</h2>
          <p className="small muted">{a.agencies.deactivateHint}</p>
          <ActionForm action={setAgencyActiveAction} submit={agency.active ? a.deactivate : a.reactivate} secondary>
            {hidden}
            <input type="hidden" name="active" value={agency.active ? "false" : "true"} />
          </ActionForm>
        </section>
      )}

      <section aria-labelledby="desks-title">
        <h2 id="desks-title">{a.desks.title}</h2>
        <DataTable
          columns={[a.desks.code, a.desks.name, a.status, a.actions]}
          rows={desks}
          empty={a.none}
          row={(d) => (
            <tr key={d.id}>
              <td>{d.code}</td>
              <td>
                <ActionForm action={renameDeskAction} submit={a.desks.rename} secondary className="inline-admin-form">
                  {hidden}
                  <input type="hidden" name="deskId" value={d.id} />
                  <label htmlFor={`desk-name-${d.id}`} className="sr-only">
                    {a.desks.name} {d.code}
                  </label>
                  <input id={`desk-name-${d.id}`} name="name" type="text" required maxLength={120} defaultValue={d.name} />
                </ActionForm>
              </td>
              <td>{d.active ? a.active : a.inactive}</td>
              <td>
                <ActionForm action={setDeskActiveAction} submit={d.active ? a.deactivate : a.reactivate} secondary className="inline-admin-form">
                  {hidden}
                  <input type="hidden" name="deskId" value={d.id} />
                  <input type="hidden" name="active" value={d.active ? "false" : "true"} />
                </ActionForm>
              </td>
            </tr>
          )}
        />
        {agency.active && (
          <ActionForm action={createDeskAction} submit={a.desks.create}>
            {hidden}
            <div className="field">
              <label htmlFor="desk-code">{a.desks.code}</label>
              <input id="desk-code" name="code" type="text" required maxLength={20} className="short" autoComplete="off" />
            </div>
            <div className="field">
              <label htmlFor="desk-name">{a.desks.name}</label>
              <input id="desk-name" name="name" type="text" required maxLength={120} />
            </div>
          </ActionForm>
        )}
      </section>

      <section aria-labelledby="codes-title">
        <h2 id="codes-title">{a.codes.title}</h2>
        <p className="small muted">{a.codes.hint}</p>
        <DataTable
          columns={[a.codes.label, a.codes.desk, a.status, a.actions]}
          rows={codes}
          empty={a.none}
          row={(c) => (
            <tr key={c.id}>
              <td>{c.label}</td>
              <td>{c.deskName ?? a.codes.noDesk}</td>
              <td>{c.active ? a.active : a.inactive}</td>
              <td className="row-actions">
                <Link href={`/admin/codes/${c.id}`}>{a.codes.show}</Link>
                {c.active && (
                  <ActionForm action={deactivateStandingCodeAction} submit={a.deactivate} secondary className="inline-admin-form">
                    {hidden}
                    <input type="hidden" name="codeId" value={c.id} />
                  </ActionForm>
                )}
              </td>
            </tr>
          )}
        />
        {agency.active && (
          <ActionForm action={createStandingCodeAction} submit={a.codes.create}>
            {hidden}
            <div className="field">
              <label htmlFor="code-label">{a.codes.label}</label>
              <input id="code-label" name="label" type="text" required maxLength={120} />
            </div>
            <div className="field">
              <label htmlFor="code-desk">{a.codes.desk}</label>
              <select id="code-desk" name="deskId" defaultValue="">
                <option value="">{a.codes.noDesk}</option>
                {desks
                  .filter((d) => d.active)
                  .map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.code} – {d.name}
                    </option>
                  ))}
              </select>
            </div>
          </ActionForm>
        )}
      </section>

      <section aria-labelledby="procedures-title">
        <h2 id="procedures-title">{a.procedures.linkedTitle}</h2>
        <DataTable
          columns={[a.fields.code, a.fields.name, a.fields.field, ...(canProcedures ? [a.actions] : [])]}
          rows={linked}
          empty={a.none}
          row={(p) => (
            <tr key={p.id}>
              <td>{p.code}</td>
              <td>{p.name}</td>
              <td>{p.field}</td>
              {canProcedures && (
                <td>
                  <ActionForm action={unlinkProcedureAction} submit={a.procedures.unlink} secondary className="inline-admin-form">
                    {hidden}
                    <input type="hidden" name="procedureId" value={p.id} />
                  </ActionForm>
                </td>
              )}
            </tr>
          )}
        />
        {canProcedures && (
          <ActionForm action={linkProcedureAction} submit={a.procedures.link}>
            {hidden}
            <div className="field">
              <label htmlFor="link-procedure">{t.desk.procedure}</label>
              <select id="link-procedure" name="procedureId" required defaultValue="">
                <option value="">{a.procedures.chooseProcedure}</option>
                {catalogue
                  .filter((p) => !linkedIds.has(p.id))
                  .map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.code} – {p.name} ({p.field})
                    </option>
                  ))}
              </select>
            </div>
          </ActionForm>
        )}
      </section>
    </AdminShell>
  );
}

/** Tier and kind decide the unit's peers in rankings; a new unit may leave them to be derived from its level label and parent. */
/** 92.5 as the form shows it back: "92,50" in Vietnamese, "92.50" in English. */
function formatPercentValue(value: number, locale: Locale): string {
  const text = value.toFixed(2);
  return locale === "vi" ? text.replace(".", ",") : text;
}
