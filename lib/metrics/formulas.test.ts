import { describe, expect, it } from "vitest";
import {
  changeInPoints,
  elementIndex,
  formatNumber,
  formatPercent,
  formatPoints,
  isSampleSufficient,
  meanOfIndices,
  pooledIndex,
  rankWithTies,
  sampleSize,
} from "./formulas";

describe("elementIndex", () => {
  it("is the top-two share of the valid answers: {1:1, 2:1, 3:2, 4:4, 5:2} → 60,00% (domain §5)", () => {
    const distribution = [1, 1, 2, 4, 2];
    const valid = distribution.reduce((a, b) => a + b, 0);
    const satisfied = distribution[3]! + distribution[4]!;
    const index = elementIndex(satisfied, valid);
    expect(index).toBe(60);
    expect(formatPercent(index, "vi")).toBe("60,00%");
  });

  it("is null, not 0, when there is no valid answer", () => {
    expect(elementIndex(0, 0)).toBeNull();
    expect(elementIndex(0, 5)).toBe(0);
  });

  it("gives equal doubles for equal fractions", () => {
    expect(elementIndex(1, 3)).toBe(elementIndex(2, 6));
    expect(elementIndex(9, 10)).toBe(elementIndex(18, 20));
  });
});

describe("pooling and means (domain §4.4)", () => {
  const communes = [
    { satisfied: 190, valid: 200 }, // 95%
    { satisfied: 720, valid: 800 }, // 90%
  ];

  it("pools 200 @ 95% and 800 @ 90% to 91,0%", () => {
    expect(pooledIndex(communes)).toBeCloseTo(91, 12);
    expect(formatPercent(pooledIndex(communes), "vi")).toBe("91,00%");
  });

  it("gives 92,5% as the unweighted mean of the children", () => {
    const mean = meanOfIndices(communes.map((c) => elementIndex(c.satisfied, c.valid)));
    expect(mean).toBeCloseTo(92.5, 12);
    expect(formatPercent(mean, "vi")).toBe("92,50%");
  });

  it("ignores missing indices and is null when none exists", () => {
    expect(meanOfIndices([80, null, 90, undefined])).toBe(85);
    expect(meanOfIndices([null, undefined])).toBeNull();
    expect(meanOfIndices([])).toBeNull();
    expect(pooledIndex([])).toBeNull();
    expect(pooledIndex([{ satisfied: 0, valid: 0 }])).toBeNull();
  });

  it("SIPAS 2023 elements average to 82,888 → 82,89%, not the official 82,66% (domain §5)", () => {
    const elements2023 = [83.0, 83.02, 83.12, 83.03, 82.27];
    const mean = meanOfIndices(elements2023);
    expect(mean).toBeCloseTo(82.888, 10);
    expect(formatPercent(mean, "vi")).toBe("82,89%");
    expect(formatPercent(mean, "en")).toBe("82.89%");
    expect(formatPercent(mean, "vi")).not.toBe("82,66%");
  });
});

describe("sample size (domain §4.6, §5)", () => {
  it.each([
    [12932, 388],
    [28552, 395],
    [300, 172],
  ])("N = %i → n = %i", (n, expected) => {
    expect(sampleSize(n)).toBe(expected);
  });

  it("does not ask for one more response when the division is exact in decimal", () => {
    // 400 / (1 + 400 × 0,0025) = 200 exactly.
    expect(sampleSize(400)).toBe(200);
    // 1 / (1 + 0,0025) ≈ 0,9975 → 1.
    expect(sampleSize(1)).toBe(1);
  });

  it("is 0 for no completed dossier and honours another margin of error", () => {
    expect(sampleSize(0)).toBe(0);
    // 10000 / (1 + 10000 × 0,01²) = 5000.
    expect(sampleSize(10000, 0.01)).toBe(5000);
  });

  it("judges sufficiency against the rounded-up sample size", () => {
    expect(isSampleSufficient(388, 12932)).toBe(true);
    expect(isSampleSufficient(387, 12932)).toBe(false);
    expect(isSampleSufficient(172, 300)).toBe(true);
    expect(isSampleSufficient(171, 300)).toBe(false);
  });

  it("never calls zero responses a sufficient sample", () => {
    expect(isSampleSufficient(0, 0)).toBe(false);
    expect(isSampleSufficient(5, 0)).toBe(true);
  });
});

describe("changeInPoints", () => {
  it("is the difference in percentage points, in full precision", () => {
    // 2024 vs 2023 national overall (domain §5).
    const delta = changeInPoints(83.94, 82.66);
    expect(delta).toBeCloseTo(1.28, 12);
    expect(formatPoints(delta, "vi")).toBe("+1,28");
    expect(changeInPoints(90, 95)).toBe(-5);
  });

  it("is null when either period has no figure", () => {
    expect(changeInPoints(null, 80)).toBeNull();
    expect(changeInPoints(80, null)).toBeNull();
  });
});

describe("rankWithTies", () => {
  it("gives competition ranks 1, 2, 2, 4, highest first", () => {
    const provinces = [
      { name: "Hải Dương", v: 90.23 },
      { name: "Quảng Ninh", v: 90.61 },
      { name: "Thái Nguyên", v: 90.23 },
      { name: "Bắc Kạn", v: 75.03 },
    ];
    const ranked = rankWithTies(provinces, (p) => p.v);
    expect(ranked.map((r) => [r.item.name, r.rank])).toEqual([
      ["Quảng Ninh", 1],
      ["Hải Dương", 2],
      ["Thái Nguyên", 2],
      ["Bắc Kạn", 4],
    ]);
  });

  it("ties equal figures whatever their counts (9/10 and 18/20)", () => {
    const ranked = rankWithTies(
      [
        { id: "a", v: elementIndex(9, 10) },
        { id: "b", v: elementIndex(18, 20) },
        { id: "c", v: elementIndex(19, 20) },
      ],
      (x) => x.v,
    );
    expect(ranked.map((r) => [r.item.id, r.rank])).toEqual([
      ["c", 1],
      ["a", 2],
      ["b", 2],
    ]);
  });

  it("ties means that differ only by binary rounding", () => {
    const a = meanOfIndices([0.1, 0.2, 0.3])!;
    const b = meanOfIndices([0.3, 0.2, 0.1])!;
    const ranked = rankWithTies([a, b], (x) => x);
    expect(ranked.map((r) => r.rank)).toEqual([1, 1]);
  });

  it("puts items without a figure last, unranked", () => {
    const ranked = rankWithTies([{ v: null }, { v: 50 }, { v: 70 }], (x) => x.v);
    expect(ranked.map((r) => [r.item.v, r.rank])).toEqual([
      [70, 1],
      [50, 2],
      [null, null],
    ]);
  });

  it("ranks a single tie at the top as 1, 1, 3", () => {
    expect(rankWithTies([5, 5, 4], (x) => x).map((r) => r.rank)).toEqual([1, 1, 3]);
  });
});

describe("formatting (domain §4.5)", () => {
  it("formats percentages with 2 decimals and the locale's decimal mark", () => {
    expect(formatPercent(82.66, "vi")).toBe("82,66%");
    expect(formatPercent(82.66, "en")).toBe("82.66%");
    expect(formatPercent(100, "vi")).toBe("100,00%");
    expect(formatPercent(0, "en")).toBe("0.00%");
    expect(formatPercent(null, "vi")).toBe("—");
  });

  it("rounds only for display", () => {
    expect(formatPercent(200 / 3, "vi")).toBe("66,67%");
    expect(formatPercent(92.6, "vi")).toBe("92,60%");
  });

  it("formats counts with the locale's thousands separator", () => {
    expect(formatNumber(41484, "vi")).toBe("41.484");
    expect(formatNumber(41484, "en")).toBe("41,484");
    expect(formatNumber(12932, "vi")).toBe("12.932");
    expect(formatNumber(1234567, "vi")).toBe("1.234.567");
    expect(formatNumber(999, "en")).toBe("999");
    expect(formatNumber(0, "vi")).toBe("0");
    expect(formatNumber(1234.5, "vi", 1)).toBe("1.234,5");
  });

  it("signs changes in points with + and a true minus", () => {
    expect(formatPoints(5.79, "vi")).toBe("+5,79");
    expect(formatPoints(-1.2, "vi")).toBe("\u22121,20");
    expect(formatPoints(-1.2, "en")).toBe("\u22121.20");
    expect(formatPoints(5.786, "en")).toBe("+5.79");
  });

  it("shows no sign for a change that rounds to zero", () => {
    expect(formatPoints(0, "vi")).toBe("0,00");
    expect(formatPoints(-0.001, "vi")).toBe("0,00");
    expect(formatPoints(0.004, "en")).toBe("0.00");
    expect(formatPoints(null, "vi")).toBe("—");
  });
});
