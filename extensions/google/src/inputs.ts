import { z } from "@agx-ext/core";

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** True for `a@b.c` or `Display Name <a@b.c>`. */
function isEmailAddress(value: string): boolean {
  // Control characters (line breaks above all) would end the header the address goes into.
  if ([...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) return false;
  const named = /^\s*[^<>]*<([^<>]+)>\s*$/.exec(value);
  return ADDRESS.test((named?.[1] ?? value).trim());
}

/** An email address input, bare or with a display name ("Ana <ana@example.com>"). */
export const emailAddress = () => z.string().refine(isEmailAddress, { message: 'expected an email address like "ana@example.com" or "Ana <ana@example.com>"' });

/** One address or a list of them; always a list after parsing. */
export const recipients = () => z.union([emailAddress(), z.array(emailAddress()).min(1)]).transform((value) => (Array.isArray(value) ? value : [value]));

/** An id Google issued: letters, digits, dashes and underscores (never a path). */
export const googleId = (what: string) => z.string().regex(/^[A-Za-z0-9_.-]+$/, `expected a ${what} as Google returns it (letters, digits, - _ .)`);

/** A numeric id input (a Google Ads customer id, a GA4 property...), given as a number or a string of digits; parsed to the string form. */
export const numericId = (what: string) =>
  z
    .union([z.string(), z.number().int().nonnegative()])
    .transform((value) => String(value).trim())
    .refine((value) => /^\d+$/.test(value), { message: `expected a numeric ${what}` });
