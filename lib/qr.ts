import QRCode from "qrcode";

// Level M survives a creased or smudged slip.
const LEVEL = "M";
// The blank border scanners need to find the code, in modules.
export const QUIET_ZONE = 4;
// Thermal printers at 203 dpi draw 8 dots per mm: below 0,5 mm (4 dots) a module smears.
export const MIN_MODULE_MM = 0.5;

/**
 * The QR of a survey link as SVG, drawn on the server: crisp on screens and in print, and no
 * script on the page. With `sizeMm` the SVG gets a physical size (quiet zone included), never
 * smaller than MIN_MODULE_MM per module.
 */
export async function qrSvg(text: string, { sizeMm }: { sizeMm?: number } = {}): Promise<string> {
  const svg = await QRCode.toString(text, { type: "svg", errorCorrectionLevel: LEVEL, margin: QUIET_ZONE, color: { dark: "#000000", light: "#ffffff" } });
  if (sizeMm === undefined) return svg;
  const size = Math.max(sizeMm, qrModules(text) * MIN_MODULE_MM);
  return svg.replace("<svg ", `<svg width="${size.toFixed(2)}mm" height="${size.toFixed(2)}mm" `);
}

/** Modules across, quiet zone included. */
export function qrModules(text: string): number {
  return QRCode.create(text, { errorCorrectionLevel: LEVEL }).modules.size + 2 * QUIET_ZONE;
}
