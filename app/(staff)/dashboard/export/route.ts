import { z } from "zod";
import { countResponses, exportResponses } from "@/db/queries/figure-details";
import { getAgencyInScope } from "@/db/queries/agencies";
import { can } from "@/lib/auth/permissions";
import { getStaff } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getLocale, messagesFor } from "@/lib/i18n";
import { caseFiguresOverview } from "@/lib/metrics/case-figures";
import { figuresTable, responseRow, responsesHeader } from "@/lib/metrics/exports";
import { agencyOverview, figureSettings } from "@/lib/metrics/figures";
import { parsePeriod } from "@/lib/metrics/periods";
import { CSV_BOM, csvLine, toCsv, toXlsx, type Cell } from "@/lib/metrics/tabular";

export const dynamic = "force-dynamic";

// An XLSX is assembled in memory; beyond this many rows the CSV, which streams, is the way.
const XLSX_MAX_RESPONSES = 200_000;

const querySchema = z.object({
  agency: z.string().regex(/^\d{1,9}$/).optional(),
  period: z.string().max(40),
  data: z.enum(["figures", "responses"]),
  format: z.enum(["csv", "xlsx"]),
});

function problem(status: number, message: string): Response {
  return new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

function fileName(kind: string, code: string, periodKey: string, format: string): string {
  return `hai-long-${kind}-${code}-${periodKey.replace(/[^0-9A-Za-z.-]+/g, "-")}.${format}`.replace(/[^0-9A-Za-z._-]/g, "-");
}

function download(body: BodyInit, name: string, format: "csv" | "xlsx"): Response {
  return new Response(body, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": `attachment; filename="${name}"`,
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
  const period = parsePeriod(parsed.data.period);
  if (!period) return problem(400, "Kỳ báo cáo không hợp lệ.");
  const { data, format } = parsed.data;

  const db = await getDb();
  const agency = await getAgencyInScope(db, { agencyId: parsed.data.agency ? Number(parsed.data.agency) : staff.agencyId, scopePath: staff.scopePath });
  if (!agency) return problem(404, "Không tìm thấy đơn vị.");
  const t = messagesFor(await getLocale());
  const settings = await figureSettings(db);

  if (data === "figures") {
    const [overview, cases] = await Promise.all([
      agencyOverview(db, { agencyId: agency.id, scopePath: staff.scopePath, period, settings }),
      caseFiguresOverview(db, { agencyId: agency.id, scopePath: staff.scopePath, period }),
    ]);
    if (!overview || !cases) return problem(404, "Không tìm thấy đơn vị.");
    const table = figuresTable(overview, t, cases);
    const name = fileName("so-lieu", agency.code, period.key, format);
    return download(format === "csv" ? toCsv(table) : new Uint8Array(toXlsx([{ name: t.dashboard.title, rows: table }])), name, format);
  }

  const params = { path: agency.path, scopePath: staff.scopePath, from: period.from, to: period.to, includeUnverified: settings.includeUnverified };
  const name = fileName("phieu", agency.code, period.key, format);
  if (format === "xlsx") {
    if ((await countResponses(db, params)) > XLSX_MAX_RESPONSES) {
      return problem(413, `Kỳ này có hơn ${XLSX_MAX_RESPONSES.toLocaleString("vi-VN")} phiếu: hãy tải tệp CSV hoặc chọn kỳ ngắn hơn.`);
    }
    const rows: Cell[][] = [responsesHeader(t)];
    for await (const batch of exportResponses(db, params)) for (const r of batch) rows.push(responseRow(r, rows.length, t));
    return download(new Uint8Array(toXlsx([{ name: t.dashboard.responses, rows }])), name, format);
  }

  const encoder = new TextEncoder();
  const batches = exportResponses(db, params);
  let n = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM + csvLine(responsesHeader(t))));
    },
    async pull(controller) {
      try {
        const next = await batches.next();
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(next.value.map((r) => csvLine(responseRow(r, ++n, t))).join("")));
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
