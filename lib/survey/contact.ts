import { z } from "zod";

/** What a citizen may leave for a reply; never part of the answers (domain §6). */
export type ContactInput = { consent: boolean; phone: string; email: string };

export type ContactError = "contact_consent" | "contact_missing" | "contact_phone" | "contact_email";

export type ParsedContact = { phone: string | null; email: string | null } | null;

// A follow-up is closed within this many days; the details are deleted then at the latest.
export const CONTACT_RETENTION_DAYS = 90;

// Long enough for any real address (RFC 5321 limits a path to 254), short enough to bound storage.
const MAX_EMAIL = 254;
const MAX_PHONE_INPUT = 20;

const emailSchema = z.email().max(MAX_EMAIL);

/**
 * A Vietnamese phone number in its national form: mobile 0 + 9 digits starting 3/5/7/8/9, or a
 * landline 02 + 9 digits; +84 / 84 stand for the leading 0. Spaces, dots and dashes are ignored.
 */
export function normalisePhone(input: string): string | null {
  const compact = input.replace(/[\s.\-()]/g, "");
  if (compact.length > MAX_PHONE_INPUT) return null;
  const national = compact.replace(/^\+84/, "0").replace(/^84(?=\d{9}$)/, "0");
  if (/^0[35789]\d{8}$/.test(national) || /^02\d{9}$/.test(national)) return national;
  return null;
}

/**
 * Silence is not consent (Law 91/2025/QH15): contact details are taken only with the consent box
 * ticked, and a ticked box without any detail is pointed out rather than ignored.
 */
export function parseContact(input: ContactInput): { ok: true; value: ParsedContact } | { ok: false; error: ContactError } {
  const phoneText = input.phone.trim();
  const emailText = input.email.trim();
  if (!phoneText && !emailText) {
    return input.consent ? { ok: false, error: "contact_missing" } : { ok: true, value: null };
  }
  if (!input.consent) return { ok: false, error: "contact_consent" };
  let phone: string | null = null;
  if (phoneText) {
    phone = normalisePhone(phoneText);
    if (!phone) return { ok: false, error: "contact_phone" };
  }
  let email: string | null = null;
  if (emailText) {
    const parsed = emailSchema.safeParse(emailText);
    if (!parsed.success) return { ok: false, error: "contact_email" };
    email = parsed.data.toLowerCase();
  }
  return { ok: true, value: { phone, email } };
}

export function contactDeleteAfter(now: Date): Date {
  return new Date(now.getTime() + CONTACT_RETENTION_DAYS * 24 * 3600 * 1000);
}
