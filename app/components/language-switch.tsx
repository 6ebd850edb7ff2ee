import type { Locale } from "@/lib/i18n";

/** A plain link: switching language works without JavaScript. */
export function LanguageSwitch({ locale, back }: { locale: Locale; back: string }) {
  const to = locale === "vi" ? "en" : "vi";
  return (
    <a href={`/lang?to=${to}&back=${encodeURIComponent(back)}`} lang={to} hrefLang={to}>
      {to === "en" ? "English" : "Tiếng Việt"}
    </a>
  );
}
