/**
 * The one check every redirect target built from input goes through (the sign-in page's
 * callbackUrl, next-auth's redirect callback, the sign-in redirect of requireActor): parse it the
 * way a browser will - WHATWG URL, which drops tabs and newlines and reads "\" as "/" - against the
 * app's own origin, and accept it only when the origin is still the app's. The answer is a path
 * (never an absolute URL), and never one a browser could read as another host ("//x", "/\x").
 * Pure: no server imports (src/lib/safe-redirect.test.ts holds the bypass table).
 */
export function sameOriginPath(value: unknown, appOrigin: string, fallback = "/"): string {
  if (typeof value !== "string" || value === "" || value.length > 2000) return fallback;
  // Control characters have no place in a path; browsers would silently drop some of them.

  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  let base: URL;
  let target: URL;
  try {
    base = new URL(appOrigin);
    target = new URL(value, base);
  } catch {
    return fallback;
  }
  if (target.origin !== base.origin || target.username || target.password) return fallback;
  const path = `${target.pathname}${target.search}${target.hash}`;
  // "/.//evil.example" normalises to "//evil.example": a scheme-relative URL in a Location header.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}
