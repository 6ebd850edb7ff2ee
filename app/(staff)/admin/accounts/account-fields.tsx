import { roles } from "@/db/schema";
import type { Messages } from "@/lib/i18n";

type AgencyOption = { id: number; name: string; depth: number; active: boolean };
type DeskOption = { id: number; code: string; name: string; agencyName: string };

/** Role, agency and desk: the placement of an account, shared by the create and edit forms. */
export function PlacementFields({
  t,
  prefix,
  agencies,
  desks,
  value,
}: {
  t: Messages;
  prefix: string;
  agencies: AgencyOption[];
  desks: DeskOption[];
  value?: { role: string; agencyId: number; deskId: number | null };
}) {
  const a = t.admin;
  return (
    <>
      <div className="field">
        <label htmlFor={`${prefix}-role`}>{a.fields.role}</label>
        <select id={`${prefix}-role`} name="role" required defaultValue={value?.role ?? "officer"}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {a.roles[r] ?? r}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-agency`}>{a.fields.agencyId}</label>
        <select id={`${prefix}-agency`} name="agencyId" required defaultValue={value?.agencyId ?? ""}>
          <option value="" disabled>
            {a.accounts.chooseAgency}
          </option>
          {agencies
            .filter((x) => x.active || x.id === value?.agencyId)
            .map((x) => (
              <option key={x.id} value={x.id}>
                {"\u00a0".repeat(x.depth * 2)}
                {x.name}
              </option>
            ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-desk`}>{a.fields.deskId}</label>
        <select id={`${prefix}-desk`} name="deskId" defaultValue={value?.deskId ?? ""} aria-describedby={`${prefix}-desk-hint`}>
          <option value="">{a.accounts.noDesk}</option>
          {desks.map((d) => (
            <option key={d.id} value={d.id}>
              {d.agencyName} – {d.code} {d.name}
            </option>
          ))}
        </select>
        <p id={`${prefix}-desk-hint`} className="small muted">
          {a.accounts.deskHint}
        </p>
      </div>
    </>
  );
}
