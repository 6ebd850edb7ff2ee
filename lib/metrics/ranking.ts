import type { SettingValue } from "@/lib/settings";
import { rankWithTies } from "./formulas";
import type { SatisfactionFigures } from "./satisfaction";

/** Classification bands and ranks with ties: shared by the figures (figures.ts) and the peer groups (peers.ts). */
export type Bands = SettingValue<"figures.bands">;
export type Band = Bands[number];

/** The first configured band (highest first) whose minimum the figure reaches; none without bands. */
export function bandFor(value: number | null, bands: Bands): Band | null {
  if (value == null) return null;
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  return sorted.find((b) => value >= b.min) ?? null;
}

export type RankedAgency = { figures: SatisfactionFigures; rank: number };

export type Ranking = {
  /** Agencies with a sufficient sample, ranked by the mean of the five with ties (1, 2, 2, 4). */
  ranked: RankedAgency[];
  /** Agencies whose sample is too small (or empty): listed apart, not ranked (§4.6). */
  apart: SatisfactionFigures[];
};

export function rankAgencies(list: readonly SatisfactionFigures[]): Ranking {
  const eligible = list.filter((f) => f.sample.sufficient && f.meanOfElements != null);
  const apart = list.filter((f) => !eligible.includes(f));
  const ranked = rankWithTies(eligible, (f) => f.meanOfElements).map((r) => ({ figures: r.item, rank: r.rank! }));
  return { ranked, apart };
}
