import type { Locale, Messages } from "@/lib/i18n";
import { LanguageSwitch } from "./language-switch";

/**
 * The citizen's pages carry no staff navigation and no script. The survey form has its own
 * language switch, which keeps the answers given so far; a plain link would lose them.
 */
export function CitizenHeader({ t, locale, path, languageLink = true }: { t: Messages; locale: Locale; path: string; languageLink?: boolean }) {
  return (
    <header className="site-header citizen-header">
      <div className="bar">
        <span className="brand">{t.appName}</span>
        {languageLink && <LanguageSwitch locale={locale} back={path} />}
      </div>
    </header>
  );
}
