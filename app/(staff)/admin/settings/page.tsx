import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { isGlobalAdmin } from "@/lib/admin/common";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { fill, getLocale, messagesFor } from "@/lib/i18n";
import { getSetting } from "@/lib/settings";
import { ActionForm } from "../action-form";
import { AdminShell } from "../admin-shell";
import { ELEMENTS } from "@/lib/questionnaire/sipas-v1";
import { DEFAULT_PERIOD_KINDS } from "@/lib/metrics/periods";
import { saveBandsAction, saveCaseSettingsAction, saveGeneralAction, savePublicationAction } from "./actions";

export const metadata: Metadata = { title: "Thiết lập" };

// Rows shown: the bands in use plus empty ones to add, never more than the setting allows.
const MIN_ROWS = 4;
const MAX_ROWS = 10;

export default async function SettingsPage() {
  const staff = await requireStaffPage("manage:settings", "/admin/settings");
  if (!isGlobalAdmin(staff, "manage:settings")) forbidden();
  const locale = await getLocale();
  const t = messagesFor(locale);
  const s = t.admin.settings;
  const db = await getDb();
  const [bands, includeUnverified, ttlDays, caseRule, forwardDays, replyDays, retentionWarningDays, defaultPeriodKind, publicMinimum] = await Promise.all([
    getSetting(db, "figures.bands"),
    getSetting(db, "figures.includeUnverified"),
    getSetting(db, "invitations.ttlDays"),
    getSetting(db, "cases.rule"),
    getSetting(db, "cases.forwardDays"),
    getSetting(db, "cases.replyDays"),
    getSetting(db, "cases.retentionWarningDays"),
    getSetting(db, "figures.defaultPeriodKind"),
    getSetting(db, "figures.publicMinimum"),
  ]);
  const ps = t.publication.settings;
  const cs = t.calendar.caseSettings;
  const watchable: { key: string; label: string }[] = [...ELEMENTS.map((e) => ({ key: e, label: t.elements[e] })), { key: "overall", label: cs.overall }];
  const rows = Array.from({ length: Math.min(MAX_ROWS, Math.max(MIN_ROWS, bands.length + 2)) }, (_, i) => bands[i]);
  const decimal = (n: number) => (locale === "vi" ? String(n).replace(".", ",") : String(n));
  return (
    <AdminShell staff={staff} t={t} locale={locale} path="/admin/settings" section="settings">
      <h1>{s.title}</h1>
      <section aria-labelledby="bands-title">
        <h2 id="bands-title">{s.bandsTitle}</h2>
        <p className="small muted" id="bands-hint">
          {s.bandsHint}
        </p>
        {bands.length === 0 && <p>{s.noBands}</p>}
        <ActionForm action={saveBandsAction} submit={t.admin.save} testId="bands-form">
          <div className="table-wrap">
            <table className="bands">
              <thead>
                <tr>
                  <th scope="col">
                    <span className="sr-only">#</span>
                  </th>
                  <th scope="col">{s.bandLabel}</th>
                  <th scope="col">{s.bandLabelEn}</th>
                  <th scope="col">{s.bandMin}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((b, i) => {
                  const n = fill(s.band, { n: i + 1 });
                  return (
                    <tr key={i}>
                      <th scope="row">{i + 1}</th>
                      <td>
                        <input name={`band-label-${i}`} type="text" maxLength={40} defaultValue={b?.label ?? ""} aria-label={`${n}: ${s.bandLabel}`} />
                      </td>
                      <td>
                        <input name={`band-labelEn-${i}`} type="text" maxLength={40} defaultValue={b?.labelEn ?? ""} aria-label={`${n}: ${s.bandLabelEn}`} />
                      </td>
                      <td>
                        <input name={`band-min-${i}`} type="text" inputMode="decimal" maxLength={6} defaultValue={b ? decimal(b.min) : ""} aria-label={`${n}: ${s.bandMin}`} className="short" />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </ActionForm>
      </section>
      <section aria-labelledby="general-title">
        <h2 id="general-title">{s.generalTitle}</h2>
        <ActionForm action={saveGeneralAction} submit={t.admin.save} testId="general-form">
          <div className="field check">
            <input id="includeUnverified" name="includeUnverified" type="checkbox" defaultChecked={includeUnverified} />
            <label htmlFor="includeUnverified">{s.includeUnverified}</label>
          </div>
          <div className="field">
            <label htmlFor="ttlDays">{s.ttlDays}</label>
            <input id="ttlDays" name="ttlDays" type="number" min={1} max={365} required defaultValue={ttlDays} className="short" aria-describedby="ttl-hint" />
            <p id="ttl-hint" className="small muted">
              {s.ttlHint}
            </p>
          </div>
        </ActionForm>
      </section>
      <section aria-labelledby="publication-title">
        <h2 id="publication-title">{ps.title}</h2>
        <ActionForm action={savePublicationAction} submit={t.admin.save} testId="publication-form">
          <div className="field">
            <label htmlFor="defaultPeriodKind">{ps.defaultPeriodKind}</label>
            <select id="defaultPeriodKind" name="defaultPeriodKind" defaultValue={defaultPeriodKind} aria-describedby="default-period-hint">
              {DEFAULT_PERIOD_KINDS.map((k) => (
                <option key={k} value={k}>
                  {ps.kinds[k]}
                </option>
              ))}
            </select>
            <p id="default-period-hint" className="small muted">
              {ps.defaultPeriodHint}
            </p>
          </div>
          <div className="field">
            <label htmlFor="publicMinimum">{ps.publicMinimum}</label>
            <input id="publicMinimum" name="publicMinimum" type="number" min={1} max={10000} required defaultValue={publicMinimum} className="short" aria-describedby="public-minimum-hint" />
            <p id="public-minimum-hint" className="small muted">
              {ps.publicMinimumHint}
            </p>
          </div>
        </ActionForm>
      </section>
      <section aria-labelledby="cases-title">
        <h2 id="cases-title">{cs.title}</h2>
        <p className="small muted">{cs.hint}</p>
        <ActionForm action={saveCaseSettingsAction} submit={t.admin.save} testId="case-settings-form">
          <div className="field">
            <label htmlFor="lowAtMost">{cs.lowAtMost}</label>
            <select id="lowAtMost" name="lowAtMost" defaultValue={String(caseRule.lowAtMost)}>
              {[1, 2, 3].map((n) => (
                <option key={n} value={n}>
                  {cs.levels[n]}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="field">
            <legend>{cs.elements}</legend>
            {watchable.map((e) => (
              <div className="check" key={e.key}>
                <input id={`watch-${e.key}`} type="checkbox" name="elements" value={e.key} defaultChecked={caseRule.elements.includes(e.key)} />
                <label htmlFor={`watch-${e.key}`}>{e.label}</label>
              </div>
            ))}
          </fieldset>
          <div className="field check">
            <input id="commentWithContact" name="commentWithContact" type="checkbox" defaultChecked={caseRule.commentWithContact} />
            <label htmlFor="commentWithContact">{cs.commentWithContact}</label>
          </div>
          <div className="field">
            <label htmlFor="forwardDays">{cs.forwardDays}</label>
            <input id="forwardDays" name="forwardDays" type="number" min={1} max={60} required defaultValue={forwardDays} className="short" aria-describedby="forward-hint" />
            <p id="forward-hint" className="small muted">
              {cs.forwardHint}
            </p>
          </div>
          <div className="field">
            <label htmlFor="replyDays">{cs.replyDays}</label>
            <input id="replyDays" name="replyDays" type="number" min={1} max={60} required defaultValue={replyDays} className="short" />
          </div>
          <div className="field">
            <label htmlFor="retentionWarningDays">{cs.retentionWarningDays}</label>
            <input id="retentionWarningDays" name="retentionWarningDays" type="number" min={1} max={30} required defaultValue={retentionWarningDays} className="short" aria-describedby="retention-hint" />
            <p id="retention-hint" className="small muted">
              {cs.retentionHint}
            </p>
          </div>
        </ActionForm>
      </section>
    </AdminShell>
  );
}
