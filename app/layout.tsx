import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { getLocale, messagesFor } from "@/lib/i18n";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Hài Lòng", template: "%s · Hài Lòng" },
  description: "Khảo sát sự hài lòng của người dân đối với sự phục vụ của cơ quan hành chính",
  referrer: "no-referrer",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const t = messagesFor(locale);
  return (
    <html lang={locale}>
      <body>
        <a className="skip-link" href="#main">
          {t.skipToContent}
        </a>
        {children}
      </body>
    </html>
  );
}
