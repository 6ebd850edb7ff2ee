import QRCode from "qrcode";

/**
 * The QR of a survey link as SVG, drawn on the server: crisp on screens and in print, and no
 * script on the page. Level M survives a creased or smudged slip; the 4-module quiet zone is
 * what scanners need.
 */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 4, color: { dark: "#000000", light: "#ffffff" } });
}
