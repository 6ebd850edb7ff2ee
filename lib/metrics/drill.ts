import { z } from "zod";
import { COMMENT_ELEMENTS, RATING_FILTERS, type CommentFilters } from "@/db/queries/figure-details";
import { channels } from "@/db/schema";

/**
 * Drill-down: every figure on a leader page links to the answers and comments behind it through
 * `drillLink`, and the comments page reads its filters back with `parseDrillQuery`, so a link and
 * the page can never disagree on a parameter's name or meaning.
 */

export type DrillTarget = CommentFilters & {
  /** The unit: its whole subtree is searched (the page checks it is inside the viewer's). */
  agencyId: number;
  /** A period key (`Period.key`), as the other leader pages carry it. */
  period: string;
  page?: number;
};

export const DRILL_PATH = "/dashboard/comments";

// Long enough for a phrase from a comment; comments themselves are bounded by the survey form.
export const MAX_SEARCH_LENGTH = 100;
// Far beyond any real list; keeps a forged ?page= from asking for a huge offset.
export const MAX_PAGE = 10_000;

/** The comments page's URL for these filters; empty filters are left out. */
export function drillLink(target: DrillTarget): string {
  const q = new URLSearchParams();
  q.set("agency", String(target.agencyId));
  q.set("period", target.period);
  if (target.element) q.set("element", target.element);
  if (target.rating) q.set("rating", target.rating);
  if (target.procedureId != null) q.set("procedure", String(target.procedureId));
  if (target.officerId != null) q.set("officer", String(target.officerId));
  if (target.channel) q.set("channel", target.channel);
  if (target.deskId != null) q.set("desk", String(target.deskId));
  if (target.timeliness != null) q.set("timeliness", TIMELINESS_PARAM[target.timeliness]);
  const text = target.text?.trim();
  if (text) q.set("text", text);
  if (target.page != null && target.page > 1) q.set("page", String(target.page));
  return `${DRILL_PATH}?${q.toString()}`;
}

// Readable in a URL: "late" rather than a code.
const TIMELINESS_PARAM = { 1: "on_time", 2: "late" } as const;

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
// A form sends an unchosen select as an empty value: that is "no filter", not an error.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (first(v) === "" ? undefined : first(v)), schema.optional());
const id = z.string().regex(/^\d{1,9}$/).transform(Number);

const fields = {
  element: optional(z.enum(COMMENT_ELEMENTS)),
  rating: optional(z.enum(RATING_FILTERS)),
  procedure: optional(id),
  officer: optional(id),
  channel: optional(z.enum(channels)),
  desk: optional(id),
  timeliness: optional(z.enum([TIMELINESS_PARAM[1], TIMELINESS_PARAM[2]]).transform((v) => (v === TIMELINESS_PARAM[1] ? 1 : 2) as 1 | 2)),
  text: optional(z.string().max(MAX_SEARCH_LENGTH)),
};
export type DrillField = keyof typeof fields;

export type DrillQuery = {
  filters: CommentFilters;
  page: number;
  /** The parameters whose value is not one the page offers: the page says so and lists nothing. */
  invalid: DrillField[];
};

export function parseDrillQuery(raw: Record<string, string | string[] | undefined>): DrillQuery {
  const invalid: DrillField[] = [];
  const value = <K extends DrillField>(key: K): z.output<(typeof fields)[K]> | undefined => {
    const parsed = fields[key].safeParse(raw[key]);
    if (parsed.success) return parsed.data as z.output<(typeof fields)[K]>;
    invalid.push(key);
    return undefined;
  };
  const filters: CommentFilters = {
    element: value("element"),
    // `?low=1`, the page's only filter before drill-down, still means any answer of 1 or 2.
    rating: value("rating") ?? (first(raw.low) === "1" ? "low" : undefined),
    procedureId: value("procedure"),
    officerId: value("officer"),
    channel: value("channel"),
    deskId: value("desk"),
    timeliness: value("timeliness"),
    text: value("text")?.trim() || undefined,
  };
  const pageText = first(raw.page);
  const page = typeof pageText === "string" && /^\d{1,5}$/.test(pageText) ? Math.min(MAX_PAGE, Math.max(1, Number(pageText))) : 1;
  for (const key of Object.keys(filters) as (keyof CommentFilters)[]) if (filters[key] === undefined) delete filters[key];
  return { filters, page, invalid };
}
