import { NextResponse, type NextRequest } from "next/server";
import { csrfCookieName, createCsrfCookie, readCsrfCookie } from "@/server/auth/csrf";
import { readEnv } from "@/server/env-schema";
import { isSealed, REQUEST_ID_HEADER } from "@/server/http-gate";

/**
 * Runs before every page and every route outside /api - also router prefetches, whatever headers
 * a request carries: request id, path, the CSP with a per-request nonce, Cache-Control, and the
 * sign-in page's CSRF cookie. The request id is the custom server's (src/cli/serve.ts, which drops
 * a client's copy of every header set here); a fresh one when the app runs without it. The static security headers
 * (HSTS, nosniff, Referrer-Policy, X-Frame-Options, Permissions-Policy) come from
 * next.config.js headers(). /api is not matched: its route handlers are wrapped in apiRoute
 * (src/server/api-route.ts: cross-site refusal for writes, request id, no-store), which keeps
 * the proxy's per-request cost off the API (docs/decisions/scheduling.md, "Booking throughput").
 * It is NOT an authorization layer: every page, action and route checks access itself.
 */
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const method = request.method.toUpperCase();

  const env = readEnv();
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const isDev = env.NODE_ENV === "development";
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self'${isDev ? " 'unsafe-inline'" : ` 'nonce-${nonce}'`}`,
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "media-src 'self' blob: mediastream:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    // Sign-in redirects to NEXTAUTH_URL: when the page was opened on another address (127.0.0.1
    // for localhost), a form-action of 'self' alone would block that redirect without a word.
    `form-action 'self'${configuredOrigin(env.NEXTAUTH_URL)}`,
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");

  const requestHeaders = new Headers(request.headers);
  const requestId =
    (isSealed((n) => request.headers.get(n)) && request.headers.get(REQUEST_ID_HEADER)) || crypto.randomUUID();
  requestHeaders.set("x-request-id", requestId);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("x-pathname", pathname + request.nextUrl.search);
  requestHeaders.set("content-security-policy", csp);
  // Referrer-Policy: no-referrer makes browsers send `Origin: null` on plain (no-JavaScript) form
  // posts, which Next's server-action CSRF check would reject. Fetch metadata is set by the browser
  // and cannot be forged by a page: a same-origin POST gets its real origin back.
  if (
    method === "POST" &&
    request.headers.get("origin") === "null" &&
    request.headers.get("sec-fetch-site") === "same-origin"
  ) {
    const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
    if (host) requestHeaders.set("origin", `${request.nextUrl.protocol}//${host}`);
  }

  let csrfToSet: string | null = null;
  if (pathname === "/login" && method === "GET") {
    const secure = env.NEXTAUTH_URL?.startsWith("https://") ?? false;
    const secret = env.NEXTAUTH_SECRET;
    const existing = readCsrfCookie(request.cookies.get(csrfCookieName(secure))?.value, secret);
    if (existing) {
      requestHeaders.set("x-csrf-token", existing);
    } else {
      const fresh = createCsrfCookie(secret);
      requestHeaders.set("x-csrf-token", fresh.token);
      csrfToSet = fresh.cookie;
    }
  }

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set("x-request-id", requestId);
  if (!pathname.startsWith("/_next/") && !pathname.startsWith("/icons/")) {
    // Pages may hold PHI: never cache them anywhere.
    response.headers.set("Cache-Control", "no-store");
  }
  if (csrfToSet) {
    const secure = env.NEXTAUTH_URL?.startsWith("https://") ?? false;
    response.cookies.set(csrfCookieName(secure), csrfToSet, { httpOnly: true, sameSite: "lax", path: "/", secure });
  }
  return response;
}

/** NEXTAUTH_URL's origin when it is a valid http(s) URL, for the CSP (" http://localhost:3000"). */
function configuredOrigin(configured: string | undefined): string {
  if (!configured) return "";
  try {
    const u = new URL(configured);
    return u.protocol === "http:" || u.protocol === "https:" ? ` ${u.origin}` : "";
  } catch {
    return "";
  }
}

export const config = {
  // Not /api (see apiRoute), not static files. No `missing` conditions: a prefetch header must
  // not be a way around the request id and the CSP.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
