/**
 * Slip layouts. Thermal rolls are 80 mm or 58 mm wide with ~72 mm and ~48 mm printable; the
 * page height is what one slip needs (the printer cuts there). The A4 sheet is cut into 8 slips
 * of 105 × 74 mm. QR sizes keep every module at 0,5 mm or more for any survey URL up to QR
 * version 6 (41 + 8 modules), quiet zone included.
 */
export const slipLayouts = {
  "80mm": { pageWidthMm: 80, pageHeightMm: 150, qrMm: 52 },
  "58mm": { pageWidthMm: 58, pageHeightMm: 125, qrMm: 40 },
  a4: { pageWidthMm: 210, pageHeightMm: 297, qrMm: 40 },
} as const;

export type SlipLayout = keyof typeof slipLayouts;

export function parseLayout(value: unknown): SlipLayout {
  return value === "58mm" || value === "a4" ? value : "80mm";
}

export function pageCss(layout: SlipLayout): string {
  const l = slipLayouts[layout];
  return `@page { size: ${l.pageWidthMm}mm ${l.pageHeightMm}mm; margin: 0; }`;
}
