import { cookies } from "next/headers";
import { en } from "./messages/en";
import { vi, type Messages } from "./messages/vi";

export const locales = ["vi", "en"] as const;
export type Locale = (typeof locales)[number];
export type { Messages };

export const LOCALE_COOKIE = "lang";

export function isLocale(value: unknown): value is Locale {
  return value === "vi" || value === "en";
}

export function messagesFor(locale: Locale): Messages {
  return locale === "en" ? en : vi;
}

/** The visitor's language: the `lang` cookie, Vietnamese otherwise. */
export async function getLocale(): Promise<Locale> {
  const value = (await cookies()).get(LOCALE_COOKIE)?.value;
  return isLocale(value) ? value : "vi";
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => (key in values ? String(values[key]) : m));
}
