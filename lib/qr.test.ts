import { describe, expect, it } from "vitest";
import { MIN_MODULE_MM, qrModules, qrSvg } from "./qr";

const URL = "https://hailong.example.gov.vn/s/AbCdEfGhIjKlMnOpQrStUv";

describe("qrSvg", () => {
  it("keeps a 4-module quiet zone", async () => {
    const svg = await qrSvg(URL);
    const modules = qrModules(URL);
    expect(svg).toContain(`viewBox="0 0 ${modules} ${modules}"`);
  });

  it("sizes the printed code in millimetres, never under 0,5 mm a module", async () => {
    const modules = qrModules(URL);
    expect(await qrSvg(URL, { sizeMm: 40 })).toContain('width="40.00mm" height="40.00mm"');
    const tiny = await qrSvg(URL, { sizeMm: 5 });
    const width = Number(/width="([\d.]+)mm"/.exec(tiny)![1]);
    expect(width / modules).toBeGreaterThanOrEqual(MIN_MODULE_MM);
  });
});
