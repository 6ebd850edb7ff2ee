import { z } from "zod";
import { countResponses, exportResponses } from "@/db/queries/figure-details";
import { agencyToRead } from "@/db/queries/agencies";
import { can } from "@/lib/auth/permissions";
import { getStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getLocale, messagesFor } from "@/lib/i18n";
import { caseFiguresOverview } from "@/lib/metrics/case-figures";
import { anonymise, type AnonymisationSummary } from "@/lib/metrics/anonymise";
import { anonymisationNote, figuresTable, responseRow, responsesColumns } from "@/lib/metrics/exports";
import { agencyOverview, figureSettings } from "@/lib/metrics/figures";
import { timelinessRows, timelinessView } from "@/lib/metrics/timeliness";
import { parsePeriod } from "@/lib/metrics/periods";
import { installationDefaultPeriod } from "@/lib/metrics/publication";
import { attachmentDisposition, csvHead, csvRecords, toCsv, toXlsx, type Cell } from "@/lib/metrics/tabular";
import { vietnamDayOf } from "@/lib/time/vietnam";

export const dynamic = "force-dynamic";

// An XLSX is assembled in memory; beyond this many rows the CSV, which streams, is the way.
const XLSX_MAX_RESPONSES = 200_000;

const querySchema = z.object({
  agency: z.string().regex(/^\d{1,9}$/).optional(),
  period: z.string().max(40).optional(),
  data: z.enum(["figures", "responses"]),
  format: z.enum(["csv", "xlsx"]),
});

function problem(status: number, message: string): Response {
  return new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

/** "Số liệu_H23_2022-12-01_2023-11-30.xlsx": what, whose, which days. */
function fileName(kind: string, code: string, period: { from: Date; to: Date }, format: string): string {
  return `${kind}_${code}_${vietnamDayOf(period.from)}_${vietnamDayOf(new Date(period.to.getTime() - 1))}.${format}`.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, "-");
}

function download(body: BodyInit, name: string, format: "csv" | "xlsx"): Response {
  return new Response(body, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": attachmentDisposition(name),
      "cache-control": "no-store",
    },
  });
}

/**
 * Exports of the figures and of the anonymised responses of the leader's subtree. Same gate as
 * the pages: authenticate → parse → authorise against the subtree → compute with the same lib.
 */
export async function GET(request: Request): Promise<Response> {
  const staff = await getStaff();
  if (!staff) return problem(401, "Cần đăng nhập để tải số liệu.");
  if (!can(staff, "view:dashboard")) return problem(403, "Tài khoản không có quyền tải số liệu.");
  const url = new URL(request.url);
  const parsed = querySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return problem(400, "Yêu cầu không hợp lệ: cần chọn đơn vị, kỳ báo cáo, loại số liệu (figures/responses) và định dạng (csv/xlsx).");
  const { data, format } = parsed.data;

  const db = await getDb();
  // Without a period, the same default period as the pages.
  const period = parsed.data.period === undefined ? await installationDefaultPeriod(db) : parsePeriod(parsed.data.period);
  if (!period) return problem(400, "Kỳ báo cáo không hợp lệ.");
  // An agency of history reads in its predecessor's subtree, as on the pages (decision 021).
  const found = await agencyToRead(db, { agencyId: parsed.data.agency ? Number(parsed.data.agency) : staff.agencyId, scopePath: staff.scopePath });
  if (!found) return problem(404, "Không tìm thấy đơn vị.");
  const { agency, scopePath } = found;
  const locale = await getLocale();
  const t = messagesFor(locale);
  const settings = await figureSettings(db);

  if (data === "figures") {
    const [overview, cases, lateness] = await Promise.all([
      agencyOverview(db, { agencyId: agency.id, scopePath, period, settings }),
      caseFiguresOverview(db, { agencyId: agency.id, scopePath, period }),
      timelinessRows(db, { path: agency.path, scopePath, period, includeUnverified: settings.includeUnverified }),
    ]);
    if (!overview || !cases) return problem(404, "Không tìm thấy đơn vị.");
    const timeliness = timelinessView(overview, lateness);
    const table = figuresTable(overview, t, cases, timeliness);
    const name = fileName(t.exports.sheetFigures, agency.code, period, format);
    return download(format === "csv" ? toCsv(table) : new Uint8Array(await toXlsx([table])), name, format);
  }

  const params = { path: agency.path, scopePath, from: period.from, to: period.to, includeUnverified: settings.includeUnverified };
  const name = fileName(t.exports.sheetResponses, agency.code, period, format);
  const columns = responsesColumns(t);
  if (format === "xlsx") {
    if ((await countResponses(db, params)) > XLSX_MAX_RESPONSES) {
      return problem(413, `Kỳ này có hơn ${XLSX_MAX_RESPONSES.toLocaleString("vi-VN")} phiếu: hãy tải tệp CSV hoặc chọn kỳ ngắn hơn.`);
    }
    const rows: Cell[][] = [];
    const summary: AnonymisationSummary = { released: [0, 0, 0], suppressed: 0 };
    for await (const batch of anonymise(exportResponses(db, params), summary)) for (const r of batch) rows.push(responseRow(r, rows.length + 1, t, locale));
    return download(new Uint8Array(await toXlsx([{ name: t.exports.sheetResponses, columns, rows }, anonymisationNote(summary, t, locale)])), name, format);
  }

  const encoder = new TextEncoder();
  const batches = anonymise(exportResponses(db, params));
  let n = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvHead(columns)));
    },
    async pull(controller) {
      try {
        const next = await batches.next();
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(csvRecords(columns, next.value.map((r) => responseRow(r, ++n, t, locale)))));
      } catch (err) {
        console.error("export failed", err instanceof Error ? err.message : err);
        controller.error(new Error("export failed"));
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  return download(stream, name, format);
}
