import { AGENCY_KINDS, AGENCY_TIERS, type AgencyKind, type AgencyTier } from "@/db/schema";
import type { Messages } from "@/lib/i18n";

/** The tier and kind of an agency (ranks compare like with like); left empty, they follow from the level. */
export function TierKindFields({ idPrefix, t, tier, kind, namePrefix = "" }: { idPrefix: string; t: Messages; tier?: AgencyTier; kind?: AgencyKind; namePrefix?: string }) {
  const p = t.peers;
  const fields = [
    { name: "tier", label: p.tier, value: tier, options: AGENCY_TIERS.map((v) => [v, p.tiers[v]] as const) },
    { name: "kind", label: p.kind, value: kind, options: AGENCY_KINDS.map((v) => [v, p.kinds[v]] as const) },
  ];
  return fields.map((field) => (
    <div className="field" key={field.name}>
      <label htmlFor={`${idPrefix}-${field.name}`}>{field.label}</label>
      <select id={`${idPrefix}-${field.name}`} name={`${namePrefix}${field.name}`} defaultValue={field.value ?? ""} required={field.value != null}>
        {field.value == null && <option value="">{p.tierAuto}</option>}
        {field.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  ));
}
