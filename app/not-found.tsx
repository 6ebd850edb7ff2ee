import Link from "next/link";
import { getLocale, messagesFor } from "@/lib/i18n";

export default async function NotFound() {
  const t = messagesFor(await getLocale());
  return (
    <main id="main" className="narrow">
      <h1>{t.notFound.title}</h1>
      <p>{t.notFound.body}</p>
      <p>
        <Link href="/">{t.nav.home}</Link>
      </p>
    </main>
  );
}
