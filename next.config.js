// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Separate build folders let several builds (a developer's and the end-to-end suite's) coexist.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // The database drivers stay outside the bundle: PGlite ships ~15 MB of wasm that would
  // otherwise be copied into the public build output.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "pg-boss", "pg", "nodemailer"],
  poweredByHeader: false,
  reactStrictMode: true,
  // forbidden(): a page a role may not open answers 403 with its own page, not a redirect.
  // serverActions: a procedure catalogue CSV (up to 1 MB, lib/admin/procedures.ts) travels in a
  // server action; the default 1 MB body limit would cut it off with an unreadable error.
  // inlineCss: the stylesheet travels inside the HTML, saving a slow phone one round trip
  // (~400 ms on a rural connection) before the survey can be drawn.
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "2mb" }, inlineCss: true },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          // Survey links carry their token in the path: never leak it to another site.
          { key: "Referrer-Policy", value: "no-referrer" },
        ],
      },
      {
        // The counter tablet (/kiosk) shows the survey in a frame of its own origin; other sites still cannot.
        source: "/s/:path*",
        headers: [{ key: "X-Frame-Options", value: "SAMEORIGIN" }],
      },
    ];
  },
};

export default nextConfig;
