import { addCounts, listedInPeriod, zeroCounts, type AgencyOwnCounts, type FigureCounts } from "@/db/queries/figures";
import { AGENCY_KINDS, AGENCY_TIERS, type AgencyKind, type AgencyTier } from "@/db/schema";
import { describeFigures, type SatisfactionFigures } from "./satisfaction";
import { bandFor, rankAgencies, type Bands, type Ranking } from "./ranking";

/**
 * Peers are units of one tier and one kind (decision 020): communes are ranked with communes,
 * departments with departments, one-stop centres with one-stop centres, never a department
 * against a commune. The level label (xã, phường, thị trấn, đặc khu) does not split a tier.
 */
export type PeerKey = { tier: AgencyTier; kind: AgencyKind };

export type PeerGroup = PeerKey & { ranking: Ranking; size: number };

export type PeerRank = PeerKey & ({ rank: number; of: number } | { rank: null; of: number; insufficient: true });

export type TierSubtotal = { tier: AgencyTier; agencies: number; completedDossiers: number; responses: number };

const order = (k: PeerKey) => AGENCY_TIERS.indexOf(k.tier) * AGENCY_KINDS.length + AGENCY_KINDS.indexOf(k.kind);

/**
 * Every agency's counts pooled over its own subtree, in one pass: each agency's own counts are
 * added to itself and to each ancestor in the list (a path holds the chain of ids), so a province
 * of thousands of units costs the list times its depth, not its square.
 */
export function pooledByAgency(list: readonly AgencyOwnCounts[]): Map<number, FigureCounts> {
  const pooled = new Map<number, FigureCounts>(list.map((a) => [a.agencyId, zeroCounts()]));
  for (const a of list) {
    for (const id of a.path.split("/").filter(Boolean).map(Number)) {
      const sum = pooled.get(id);
      if (sum) addCounts(sum, a.own);
    }
  }
  return pooled;
}

function describedUnits(list: readonly AgencyOwnCounts[], include: (a: AgencyOwnCounts) => boolean): SatisfactionFigures[] {
  const pooled = pooledByAgency(list);
  return list
    .filter(include)
    .map((a) => ({ meta: a, counts: pooled.get(a.agencyId)! }))
    .filter(({ meta, counts }) => listedInPeriod(meta) || counts.responses > 0 || counts.completedDossiers > 0)
    .map(({ meta, counts }) =>
      describeFigures({ agencyId: meta.agencyId, code: meta.code, name: meta.name, nameEn: meta.nameEn, level: meta.level, tier: meta.tier, kind: meta.kind, ...counts }),
    );
}

/**
 * The units below `rootPath` (not the root itself), grouped by tier and kind and ranked within
 * each group, groups in tier order (province, district, commune) and kind order. For a district:
 * its centre, its departments and its communes apart; for a province, every unit of one tier and
 * kind across the province.
 */
export function peerGroups(list: readonly AgencyOwnCounts[], rootPath: string): PeerGroup[] {
  const units = describedUnits(list, (a) => a.path.startsWith(rootPath) && a.path !== rootPath);
  const groups = new Map<string, SatisfactionFigures[]>();
  for (const u of units) {
    const key = `${u.tier}:${u.kind}`;
    const members = groups.get(key);
    if (members) members.push(u);
    else groups.set(key, [u]);
  }
  return [...groups.values()]
    .map((members) => ({ tier: members[0]!.tier, kind: members[0]!.kind, ranking: rankAgencies(members), size: members.length }))
    .sort((a, b) => order(a) - order(b));
}

/**
 * "xếp thứ k/n <peers>": the agency among the units of its tier and kind below its parent (a
 * commune among its district's communes; a district among the province's districts; since 2025,
 * a commune among the province's communes). Only the position leaves: the peers' own figures stay
 * out of the caller's reach. Null when it has no peer.
 */
export function peerRank(list: readonly AgencyOwnCounts[], params: { agencyId: number; parentPath: string }): PeerRank | null {
  const self = list.find((a) => a.agencyId === params.agencyId);
  if (!self) return null;
  const peers = describedUnits(list, (a) => a.path.startsWith(params.parentPath) && a.path !== params.parentPath && a.tier === self.tier && a.kind === self.kind);
  if (peers.length < 2) return null;
  const { ranked, apart } = rankAgencies(peers);
  const key = { tier: self.tier, kind: self.kind };
  const mine = ranked.find((r) => r.figures.agencyId === params.agencyId);
  if (mine) return { ...key, rank: mine.rank, of: ranked.length };
  if (apart.some((f) => f.agencyId === params.agencyId)) return { ...key, rank: null, of: ranked.length, insufficient: true };
  return null;
}

/**
 * Dossiers completed and responses at each tier of the subtree, the root's own tier included. A
 * unit not in force in the period counts only if something of it is in it (answers given after
 * its end to dossiers it completed): a dissolved district is no "district tier" of 2026.
 */
export function tierSubtotals(list: readonly AgencyOwnCounts[], rootPath: string): TierSubtotal[] {
  const byTier = new Map<AgencyTier, TierSubtotal>();
  for (const a of list) {
    if (!a.path.startsWith(rootPath)) continue;
    if (!a.inForce && a.own.completedDossiers === 0 && a.own.responses === 0) continue;
    const t = byTier.get(a.tier) ?? { tier: a.tier, agencies: 0, completedDossiers: 0, responses: 0 };
    t.agencies++;
    t.completedDossiers += a.own.completedDossiers;
    t.responses += a.own.responses;
    byTier.set(a.tier, t);
  }
  return AGENCY_TIERS.flatMap((tier) => (byTier.has(tier) ? [byTier.get(tier)!] : []));
}

/** Each ranked unit's place among its peers ("3/11"), for tables that list units of mixed groups. */
export function peerPlaces(groups: readonly PeerGroup[]): Map<number, PeerKey & { rank: number; of: number }> {
  const places = new Map<number, PeerKey & { rank: number; of: number }>();
  for (const g of groups) for (const r of g.ranking.ranked) places.set(r.figures.agencyId, { tier: g.tier, kind: g.kind, rank: r.rank, of: g.ranking.ranked.length });
  return places;
}

export type BandCount = { label: string; labelEn?: string; count: number };

/**
 * "11/11 xã xếp loại Tốt": the units of a peer group per configured band, highest band first;
 * units below the lowest band (`below`) and units without a figure in the period
 * (`unclassified`) are counted apart.
 */
export function bandCounts(group: PeerGroup, bands: Bands): { bands: BandCount[]; below: number; unclassified: number; of: number } {
  const members = [...group.ranking.ranked.map((r) => r.figures), ...group.ranking.apart];
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  const counts = sorted.map((b) => ({ label: b.label, ...(b.labelEn ? { labelEn: b.labelEn } : {}), count: 0 }));
  let unclassified = 0;
  let below = 0;
  for (const m of members) {
    const band = bandFor(m.meanOfElements, sorted);
    if (band) counts[sorted.indexOf(band)]!.count++;
    else if (m.meanOfElements == null) unclassified++;
    else below++;
  }
  return { bands: counts.filter((c) => c.count > 0), below, unclassified, of: members.length };
}
