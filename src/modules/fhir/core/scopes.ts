/**
 * SMART system scopes (docs/decisions/fhir-api.md): v2 `system/Patient.rs` (r read, s search)
 * and v1 `system/Patient.read`; `*` for every type. This API is read-only, so a scope that asks
 * for c, u or d (or v1 `write`/`*`) is not granted.
 */
export type Interaction = "read" | "search";
export type Scope = { resourceType: string; read: boolean; search: boolean };

const SCOPE = /^system\/([A-Z][A-Za-z]+|\*)\.(read|[cruds]+)$/;

export function parseScope(s: string): Scope | null {
  const m = SCOPE.exec(s);
  if (!m) return null;
  const perms = m[2]!;
  if (perms === "read") return { resourceType: m[1]!, read: true, search: true };
  if (!/^c?r?u?d?s?$/.test(perms) || /[cud]/.test(perms)) return null;
  return { resourceType: m[1]!, read: perms.includes("r"), search: perms.includes("s") };
}

export const isSupportedScope = (s: string) => parseScope(s) !== null;

/** Whether `inner` asks for nothing beyond `outer`. */
function covers(outer: Scope, inner: Scope): boolean {
  return (
    (outer.resourceType === "*" || outer.resourceType === inner.resourceType) &&
    (outer.read || !inner.read) &&
    (outer.search || !inner.search)
  );
}

/**
 * The scopes granted for a token request: each requested scope that parses and that one of the
 * client's allowed scopes covers, in the order asked, without repeats.
 */
export function grantScopes(requested: string[], allowed: string[]): string[] {
  const allow = allowed.map(parseScope).filter((s): s is Scope => s !== null);
  const out: string[] = [];
  for (const r of requested) {
    const s = parseScope(r);
    if (s && allow.some((a) => covers(a, s)) && !out.includes(r)) out.push(r);
  }
  return out;
}

/** Whether granted scopes allow an interaction on a resource type. */
export function permits(granted: string[], resourceType: string, interaction: Interaction): boolean {
  return granted
    .map(parseScope)
    .some((s) => s !== null && (s.resourceType === "*" || s.resourceType === resourceType) && s[interaction]);
}

/** Splits an OAuth `scope` parameter (space-separated). */
export const splitScope = (scope: string | null | undefined): string[] => (scope ?? "").split(/\s+/).filter(Boolean);
