import { formatDate } from "@/lib/i18n/format";
import type { Messages } from "@/lib/i18n";

export type SlipData = {
  url: string;
  svg: string;
  agencyName: string;
  procedureName: string | null;
  dossierCode: string | null;
  expiresAt: Date;
};

/** One printed survey slip. Always in Vietnamese: it is handed to the citizen. */
export function Slip({ slip, t }: { slip: SlipData; t: Messages["slip"] }) {
  return (
    <article className="slip">
      <p className="slip-heading">{t.heading}</p>
      <p className="slip-agency">{slip.agencyName}</p>
      <div role="img" aria-label={t.instruction} className="slip-qr" dangerouslySetInnerHTML={{ __html: slip.svg }} />
      <div className="slip-text">
        <p className="slip-instruction">{t.instruction}</p>
        <dl>
          {slip.procedureName && (
            <>
              <dt>{t.procedure}:</dt>
              <dd>{slip.procedureName}</dd>
            </>
          )}
          {slip.dossierCode && (
            <>
              <dt>{t.dossier}:</dt>
              <dd>{slip.dossierCode}</dd>
            </>
          )}
          <dt>{t.expires}:</dt>
          <dd>{formatDate(slip.expiresAt)}</dd>
        </dl>
        <p className="slip-link">
          {t.orOpen} {slip.url}
        </p>
        <p className="slip-note">{t.anonymous}</p>
      </div>
    </article>
  );
}
