import type { Metadata } from "next";
import Link from "next/link";
import { agencyTreeInScope, desksOfAgencyInScope, levelLabels, proceduresOfAgencyInScope, type AgencyNode } from "@/db/queries/admin-agencies";
import { accountsOfAgency, reorganisationsInScope } from "@/db/queries/reorganisations";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { fill, getLocale, messagesFor, type Messages } from "@/lib/i18n";
import { formatDateTime } from "@/lib/i18n/format";
import { now } from "@/lib/time/clock";
import { formatDay, vietnamDayOf } from "@/lib/time/vietnam";
import { DataTable } from "@/app/components/data-table";
import { ActionForm } from "../action-form";
import { AdminShell } from "../admin-shell";
import { OutcomeNotice } from "../outcome-notice";
import { TierKindFields } from "../agencies/tier-kind-fields";
import { planMergeAction, planSplitAction, reverseReorganisationAction } from "./actions";
import { SPLIT_SLOTS } from "./split-slots";

export const metadata: Metadata = { title: "Sắp xếp đơn vị hành chính" };

type Search = Promise<Record<string, string | string[] | undefined>>;

const inForce = (a: AgencyNode) => a.active && a.validTo == null;

export default async function ReorganisationsPage({ searchParams }: { searchParams: Search }) {
  const staff = await requireStaffPage("manage:agencies", "/admin/reorganisations");
  const locale = await getLocale();
  const t = messagesFor(locale);
  const r = t.reorganisations;
  const db = await getDb();
  const [list, tree, levels] = await Promise.all([reorganisationsInScope(db, { scopePath: staff.scopePath }), agencyTreeInScope(db, { scopePath: staff.scopePath }), levelLabels(db)]);
  const units = tree.filter(inForce);
  // The root of the scope cannot end: the administrator would lose the scope itself.
  const reorganisable = units.filter((a) => a.path !== staff.scopePath);
  const query = await searchParams;
  const raw = query.split;
  const splitId = Number(Array.isArray(raw) ? raw[0] : raw);
  const toSplit = reorganisable.find((a) => a.id === splitId);
  const [splitDesks, splitProcedures, splitStaff] = toSplit
    ? await Promise.all([
        desksOfAgencyInScope(db, { agencyId: toSplit.id, scopePath: staff.scopePath }),
        proceduresOfAgencyInScope(db, { agencyId: toSplit.id, scopePath: staff.scopePath }),
        accountsOfAgency(db, { agencyId: toSplit.id }),
      ])
    : [[], [], []];
  const today = vietnamDayOf(now());

  return (
    <AdminShell staff={staff} t={t} locale={locale} path="/admin/reorganisations" section="reorganisations">
      <h1>{r.title}</h1>
      <p className="muted">{r.intro}</p>
      <OutcomeNotice query={query} successes={{ reversed: r.reversed }} errors={{}} />
      <datalist id="level-labels">
        {levels.map((l) => (
          <option key={l} value={l} />
        ))}
      </datalist>

      <section aria-labelledby="reorg-list">
        <h2 id="reorg-list">{r.listTitle}</h2>
        <DataTable
          testId="reorganisations"
          stack
          columns={[r.effectiveOn, r.kind, r.predecessors, r.successors, r.basis, r.status, { label: r.reverse, hidden: true }]}
          rows={list}
          empty={r.empty}
          row={(x) => (
            <tr key={x.id} data-status={x.status}>
              <td className="num">{formatDay(vietnamDayOf(x.effectiveAt))}</td>
              <td>{r.kinds[x.kind]}</td>
              <td>{x.predecessors.map((p) => `${p.name} (${p.code})`).join("; ")}</td>
              <td>
                {x.successors.map((s) => (
                  <div key={s.id}>
                    <Link href={`/admin/agencies/${s.id}`}>{s.name}</Link> <span className="small muted">({s.code})</span>
                    {x.kind === "split" && (
                      <span className="small muted">
                        {" · "}
                        {s.takesRest ? r.takesRest : fill(r.mapped, { desks: s.desks, procedures: s.procedures, staff: s.staff })}
                      </span>
                    )}
                  </div>
                ))}
              </td>
              <td>{x.basis}</td>
              <td>
                {r.statuses[x.status]}
                {x.carriedOutAt && <span className="small muted"> · {fill(r.carriedOut, { at: formatDateTime(x.carriedOutAt) })}</span>}
              </td>
              <td>
                {x.status === "planned" && vietnamDayOf(x.effectiveAt) > today && (
                  <ActionForm action={reverseReorganisationAction} submit={r.reverse} secondary className="inline-form" testId={`reverse-${x.id}`}>
                    <input type="hidden" name="reorganisationId" value={x.id} />
                    <label htmlFor={`reason-${x.id}`} className="small">
                      {r.reverseReason}
                    </label>{" "}
                    <input id={`reason-${x.id}`} name="reason" type="text" required maxLength={500} />
                  </ActionForm>
                )}
              </td>
            </tr>
          )}
        />
      </section>

      <section aria-labelledby="merge-title">
        <h2 id="merge-title">{r.mergeTitle}</h2>
        <p className="small muted">{r.mergeHint}</p>
        <ActionForm action={planMergeAction} submit={r.plan} testId="merge-form">
          <fieldset className="field">
            <legend>{r.chooseUnits}</legend>
            <div className="check-list">
              {reorganisable.map((a) => (
                <div className="field check" key={a.id} style={{ paddingInlineStart: `${a.depth * 1.25}rem` }}>
                  <input id={`merge-${a.id}`} type="checkbox" name="predecessorIds" value={a.id} />
                  <label htmlFor={`merge-${a.id}`}>
                    {a.name} <span className="small muted">({a.code})</span>
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <SuccessorFields prefix="" idPrefix="merge-s" units={units} t={t} legend={r.successorKind} />
          <PlanFields idPrefix="merge" t={t} />
        </ActionForm>
      </section>

      <section aria-labelledby="split-title">
        <h2 id="split-title">{r.splitTitle}</h2>
        <p className="small muted">{r.splitHint}</p>
        <form method="get" action="/admin/reorganisations#split-title" className="filter-form">
          <div className="field">
            <label htmlFor="split-choose">{r.chooseSplit}</label>
            <select id="split-choose" name="split" defaultValue={toSplit ? String(toSplit.id) : ""} required>
              <option value="">{r.chooseSplitPlaceholder}</option>
              <UnitOptions units={reorganisable} />
            </select>
          </div>
          <button type="submit" className="secondary">
            {r.chooseSplitButton}
          </button>
        </form>
        {toSplit && (
          <ActionForm action={planSplitAction} submit={r.plan} testId="split-form">
            <input type="hidden" name="predecessorId" value={toSplit.id} />
            <p>
              <strong>{r.chooseSplit}:</strong> {toSplit.name} ({toSplit.code})
            </p>
            {Array.from({ length: SPLIT_SLOTS }, (_, i) => i + 1).map((n) => (
              <SuccessorFields key={n} prefix={`s${n}.`} idPrefix={`split-s${n}`} units={units.filter((a) => a.id !== toSplit.id)} t={t} legend={fill(r.successorN, { n })} optional={n > 2} />
            ))}
            <p className="small muted">{r.firstTakesRest}</p>
            <fieldset className="field">
              <legend>{r.assignTitle}</legend>
              {(
                [
                  ["desk", r.desks, splitDesks.filter((d) => d.active).map((d) => ({ id: d.id, label: `${d.name} (${d.code})` }))],
                  ["procedure", r.procedures, splitProcedures.map((p) => ({ id: p.id, label: `${p.name} (${p.code})` }))],
                  ["staff", r.staff, splitStaff.map((s) => ({ id: s.id, label: `${s.name} (${s.username})` }))],
                ] as const
              ).map(([kind, title, items]) =>
                items.length === 0 ? null : (
                  <div key={kind}>
                    <h3 className="small">{title}</h3>
                    {items.map((item) => (
                      <div className="field inline-field" key={item.id}>
                        <input type="hidden" name={kind} value={item.id} />
                        <label htmlFor={`${kind}-${item.id}`}>{item.label}</label>{" "}
                        <select id={`${kind}-${item.id}`} name={`${kind}.${item.id}`} defaultValue="1" aria-label={fill(r.assignTo, { what: item.label })}>
                          {Array.from({ length: SPLIT_SLOTS }, (_, i) => i + 1).map((n) => (
                            <option key={n} value={n}>
                              {fill(r.successorN, { n })}
                            </option>
                          ))}
                        </select>
                      </div>
                    ))}
                  </div>
                ),
              )}
            </fieldset>
            <PlanFields idPrefix="split" t={t} />
          </ActionForm>
        )}
      </section>
    </AdminShell>
  );
}

/** The successor: a new unit (code, name, level, parent) or an existing unit in force. */
function SuccessorFields({ prefix, idPrefix, units, t, legend, optional = false }: { prefix: string; idPrefix: string; units: AgencyNode[]; t: Messages; legend: string; optional?: boolean }) {
  const r = t.reorganisations;
  const f = t.admin;
  return (
    <fieldset className="field">
      <legend>
        {legend} {optional && <span className="muted">{f.optional}</span>}
      </legend>
      <div className="field check">
        <input id={`${idPrefix}-new`} type="radio" name={`${prefix}mode`} value="new" defaultChecked />
        <label htmlFor={`${idPrefix}-new`}>{r.successorNew}</label>
      </div>
      <div className="nested">
        <div className="field">
          <label htmlFor={`${idPrefix}-parent`}>{r.newParent}</label>
          <select id={`${idPrefix}-parent`} name={`${prefix}parentId`} defaultValue={units[0] ? String(units[0].id) : ""}>
            <UnitOptions units={units} />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-code`}>{r.newCode}</label>
          <input id={`${idPrefix}-code`} name={`${prefix}code`} type="text" maxLength={40} pattern="[A-Za-z0-9._\-]+" autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-name`}>{r.newName}</label>
          <input id={`${idPrefix}-name`} name={`${prefix}name`} type="text" maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-nameEn`}>
            {r.newNameEn} <span className="muted">{f.optional}</span>
          </label>
          <input id={`${idPrefix}-nameEn`} name={`${prefix}nameEn`} type="text" maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-level`}>{r.newLevel}</label>
          <input id={`${idPrefix}-level`} name={`${prefix}level`} type="text" maxLength={40} list="level-labels" />
        </div>
        <TierKindFields idPrefix={idPrefix} t={t} namePrefix={prefix} />
      </div>
      <div className="field check">
        <input id={`${idPrefix}-existing`} type="radio" name={`${prefix}mode`} value="existing" />
        <label htmlFor={`${idPrefix}-existing`}>{r.successorExisting}</label>
      </div>
      <div className="nested field">
        <label htmlFor={`${idPrefix}-existingId`} className="sr-only">
          {r.successorExisting}
        </label>
        <select id={`${idPrefix}-existingId`} name={`${prefix}existingId`} defaultValue="">
          <option value="">{r.chooseExisting}</option>
          <UnitOptions units={units} />
        </select>
      </div>
    </fieldset>
  );
}

/** Units as options of a select, indented by their depth in the tree. */
function UnitOptions({ units }: { units: AgencyNode[] }) {
  return units.map((a) => (
    <option key={a.id} value={a.id}>
      {`${"\u00a0\u00a0".repeat(a.depth)}${a.name} (${a.code})`}
    </option>
  ));
}

/** The date and the legal act every plan names. */
function PlanFields({ idPrefix, t }: { idPrefix: string; t: Messages }) {
  const r = t.reorganisations;
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-effective`}>{r.effectiveField}</label>
        <input id={`${idPrefix}-effective`} name="effectiveOn" type="text" inputMode="numeric" required maxLength={10} placeholder="dd/mm/yyyy" aria-describedby={`${idPrefix}-effective-hint`} className="short" />
        <p id={`${idPrefix}-effective-hint`} className="small muted">
          {r.effectiveHint}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-basis`}>{r.basis}</label>
        <input id={`${idPrefix}-basis`} name="basis" type="text" required maxLength={300} aria-describedby={`${idPrefix}-basis-hint`} />
        <p id={`${idPrefix}-basis-hint`} className="small muted">
          {r.basisHint}
        </p>
      </div>
    </>
  );
}
