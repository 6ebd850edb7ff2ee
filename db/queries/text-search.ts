import { sql, type SQL } from "drizzle-orm";

/**
 * Search that ignores Vietnamese diacritics and case ("hai long" finds "Hài lòng", "dat" finds
 * "đất"), without an extension (PGlite has no unaccent) and without a migration: both sides are
 * folded to plain lowercase letters, the text in SQL by one `translate()` built from the table
 * below, the query in JavaScript by Unicode decomposition. Decision 019.
 */

const VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"];
// Huyền, sắc, hỏi, ngã, nặng: the five tone marks, as combining characters.
const TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"];
// The marks a decomposed (NFD) text keeps after its letters: the tones, and the circumflex,
// breve and horn of â ê ô ă ơ ư. `translate()` deletes them (they have no counterpart).
const COMBINING_MARKS = [...TONES.slice(1), "\u0302", "\u0306", "\u031B"];

/** Every precomposed Vietnamese letter that is not plain ASCII, lower and upper case, with đ/Đ. */
export const VIETNAMESE_LETTERS: readonly string[] = (() => {
  const lower = VOWELS.flatMap((v) => TONES.map((tone) => (v + tone).normalize("NFC"))).filter((ch) => !/^[a-z]$/.test(ch));
  return [...lower, "đ", ...lower.map((ch) => ch.toUpperCase()), "Đ"];
})();

/** Lowercase, without diacritics; đ and Đ, which have no Unicode decomposition, become d. */
export function foldVietnamese(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase();
}

const FROM = VIETNAMESE_LETTERS.join("") + COMBINING_MARKS.join("");
const TO = VIETNAMESE_LETTERS.map(foldVietnamese).join("");

/**
 * The SQL fold of a text column: the same letters as `foldVietnamese` for Vietnamese text. The
 * upper-case letters are in the table too, so the result does not depend on whether the
 * database's collation lowercases beyond ASCII; `lower()` does the ASCII letters.
 */
export function foldedSql(column: SQL): SQL {
  return sql`translate(lower(${column}), ${FROM}, ${TO})`;
}

// A query is a few words typed in a box; the bound keeps a forged URL from building a huge
// statement.
export const MAX_SEARCH_TERMS = 8;

/** The folded words of a query, each one ready for LIKE (its %, _ and \ escaped). */
export function searchTerms(query: string): string[] {
  const words = foldVietnamese(query).split(/\s+/).filter(Boolean).slice(0, MAX_SEARCH_TERMS);
  return [...new Set(words)].map((w) => w.replace(/[\\%_]/g, (ch) => `\\${ch}`));
}

/** Every word of the query occurs in the column, diacritics and case ignored; `true` for none. */
export function containsAllWords(column: SQL, query: string): SQL {
  const terms = searchTerms(query);
  if (terms.length === 0) return sql`true`;
  const folded = foldedSql(column);
  return sql.join(
    terms.map((t) => sql`${folded} like ${`%${t}%`} escape '\\'`),
    sql` and `,
  );
}
