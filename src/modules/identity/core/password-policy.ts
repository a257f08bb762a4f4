import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * New passwords (accounts, resets, changes): 8+ characters, up to 128, no composition rules
 * (ASVS 6.2.1, 6.2.9), and not a password attackers try first (ASVS 6.2.4, NIST SP 800-63B
 * 3.1.1.2): not in the breached-password list, not that list's word with digits or symbols
 * stuck on the end ("Password123!"), not one character repeated, not only whitespace.
 * The list is zxcvbn-ts's common list (49,233 passwords ranked from breach corpora, MIT,
 * offline; docs/decisions/0007b-input-hardening.md). Server-side only: it is ~1 MB, so no client
 * component may import it (identity/schemas.ts uses it and no client code imports that).
 */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export const passwordMessages = {
  whitespace: "A password cannot be only spaces",
  common:
    "This password is too common: it is on lists of leaked passwords that attackers try first. Choose another, for example three or four unrelated words",
  repeated: "A password cannot be one character repeated",
} as const;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  // Decompressed on first use (about 0.1 s), then kept: only setting a password needs it.
  return (common ??= new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase())));
}

/** Why this new password is refused, or null. Length limits are the schema's (PASSWORD_MIN/MAX). */
export function passwordProblem(password: string): string | null {
  if (password.trim() === "") return passwordMessages.whitespace;
  if (/^(.)\1*$/su.test(password)) return passwordMessages.repeated;
  const lower = password.toLowerCase();
  const list = commonPasswords();
  if (list.has(lower) || list.has(lower.trim())) return passwordMessages.common;
  const base = lower.replace(/[\d\p{P}\p{S}\s]+$/u, "");
  if (base !== lower && base.length >= 4 && list.has(base)) return passwordMessages.common;
  return null;
}
