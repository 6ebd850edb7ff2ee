import {
  INDEX_ELEMENTS,
  type AgencyFigures,
  type Distribution,
  type ElementCounts,
  type FigureCounts,
  type IndexElement,
  type SatisfactionTree,
} from "@/db/queries/satisfaction";
import type { AgencyKind, AgencyTier } from "@/db/schema";
import { elementIndex, isSampleSufficient, meanOfIndices, sampleSize } from "./formulas";
import { now as clockNow } from "@/lib/time/clock";
import { VIETNAM_OFFSET_MS, vietnamDate, vietnamMidnight } from "@/lib/time/vietnam";

export { vietnamDate, vietnamMidnight };

export type IndexFigure = {
  /** Percent satisfied (answers 4–5) in full precision; null without a valid answer. */
  index: number | null;
  satisfied: number;
  valid: number;
  distribution: Distribution;
};

export type ElementFigure = IndexFigure & { element: IndexElement };

export type SampleFigure = {
  /** SIPAS sample size for the dossiers completed in the period (§4.6). */
  needed: number;
  responses: number;
  completedDossiers: number;
  /** False: show the figure with the "chưa đủ mẫu" mark and rank the agency separately. */
  sufficient: boolean;
};

export type TimelinessFigure = {
  onTime: number;
  late: number;
  withoutDue: number;
  /** "Tỷ lệ hồ sơ đúng hạn": the on-time share of the dossiers that had a due time, in %. */
  onTimeShare: number | null;
};

export type SatisfactionFigures = {
  agencyId: number;
  code: string;
  name: string;
  nameEn: string | null;
  level: string;
  tier: AgencyTier;
  kind: AgencyKind;
  responses: number;
  completedDossiers: number;
  /** Invitations issued in the period: coverage is dossiers → invitations → responses (§4.7). */
  invitations: number;
  /** Dossiers completed in the period by their due time, late, and without a due time. */
  timeliness: TimelinessFigure;
  /** The five elements in report order, each with its 1–5 distribution. */
  elements: ElementFigure[];
  /**
   * "Chỉ số hài lòng chung (TB 5 yếu tố)": the headline, the mean of the element indices. For a
   * parent these are its pooled indices. An element nobody answered (all "not applicable") is
   * left out of the mean; `elementsInMean` says how many were averaged.
   */
  meanOfElements: number | null;
  elementsInMean: number;
  /** "Hài lòng tổng thể (câu hỏi chung)": the top-two share of S0. */
  overallQuestion: IndexFigure;
  sample: SampleFigure;
  /**
   * For a parent only: the unweighted mean of its children's `meanOfElements`, a second,
   * labelled figure beside the pooled headline (§4.4). Children without a figure are left out.
   */
  meanOfChildren?: { value: number | null; childrenInMean: number };
};

function indexFigure(counts: ElementCounts): IndexFigure {
  return {
    index: elementIndex(counts.satisfied, counts.valid),
    satisfied: counts.satisfied,
    valid: counts.valid,
    distribution: [...counts.distribution] as Distribution,
  };
}

/**
 * Display-ready figures from pooled counts. Pass the children to get, for a parent, the mean of
 * its children as a second figure.
 */
export function describeFigures(
  figures: AgencyFigures,
  options: { children?: readonly AgencyFigures[]; marginOfError?: number } = {},
): SatisfactionFigures {
  const e = options.marginOfError ?? 0.05;
  const elements = INDEX_ELEMENTS.map((element) => ({ element, ...indexFigure(figures.elements[element]) }));
  const indices = elements.map((x) => x.index);

  const described: SatisfactionFigures = {
    agencyId: figures.agencyId,
    code: figures.code,
    name: figures.name,
    nameEn: figures.nameEn,
    level: figures.level,
    tier: figures.tier,
    kind: figures.kind,
    responses: figures.responses,
    completedDossiers: figures.completedDossiers,
    invitations: figures.invitations,
    timeliness: {
      onTime: figures.completedOnTime,
      late: figures.completedLate,
      withoutDue: figures.completedWithoutDue,
      onTimeShare: elementIndex(figures.completedOnTime, figures.completedOnTime + figures.completedLate),
    },
    elements,
    meanOfElements: meanOfIndices(indices),
    elementsInMean: indices.filter((x) => x != null).length,
    overallQuestion: indexFigure(figures.overall),
    sample: describeSample(figures, e),
  };

  if (options.children && options.children.length > 0) {
    const childMeans = options.children.map((c) => meanOfElementIndices(c));
    described.meanOfChildren = {
      value: meanOfIndices(childMeans),
      childrenInMean: childMeans.filter((x) => x != null).length,
    };
  }
  return described;
}

/** The agency with its pooled headline and mean of children, and each child on its own. */
export function describeTree(
  tree: SatisfactionTree,
  options: { marginOfError?: number } = {},
): { agency: SatisfactionFigures; children: SatisfactionFigures[] } {
  return {
    agency: describeFigures(tree.agency, { ...options, children: tree.children }),
    children: tree.children.map((c) => describeFigures(c, options)),
  };
}

function meanOfElementIndices(counts: FigureCounts): number | null {
  return meanOfIndices(INDEX_ELEMENTS.map((e) => elementIndex(counts.elements[e].satisfied, counts.elements[e].valid)));
}

function describeSample(counts: FigureCounts, e: number): SampleFigure {
  return {
    needed: sampleSize(counts.completedDossiers, e),
    responses: counts.responses,
    completedDossiers: counts.completedDossiers,
    sufficient: isSampleSufficient(counts.responses, counts.completedDossiers, e),
  };
}

/** A half-open period [from, to). */
export type ReportingPeriod = { endYear: number; from: Date; to: Date };

/**
 * The reporting year ending in `endYear`: 01/12/(endYear − 1) 00:00 up to, not including,
 * 01/12/endYear 00:00, Vietnam time. A response at 30/11 23:59:59 belongs to the year ending
 * that December.
 */
export function reportingYear(endYear: number): ReportingPeriod {
  if (!Number.isInteger(endYear)) throw new Error(`invalid reporting year ${endYear}`);
  return { endYear, from: vietnamMidnight(endYear - 1, 12, 1), to: vietnamMidnight(endYear, 12, 1) };
}

/** The reporting year that contains `now` (Vietnam time): from 1 December on, the next one. */
export function currentReportingYear(now: Date = clockNow()): ReportingPeriod {
  const local = new Date(now.getTime() + VIETNAM_OFFSET_MS);
  const year = local.getUTCFullYear();
  return reportingYear(local.getUTCMonth() === 11 ? year + 1 : year);
}


/**
 * "01/12/2022 – 30/11/2023" for the half-open period [from, to): the end shown is the last day
 * inside the period, not the exclusive edge.
 */
export function vietnamDateRange(from: Date, to: Date): string {
  return `${vietnamDate(from)} – ${vietnamDate(new Date(to.getTime() - 1))}`;
}
