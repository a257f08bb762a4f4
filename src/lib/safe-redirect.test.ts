import { describe, expect, it } from "vitest";
import { sameOriginPath } from "./safe-redirect";

const app = "http://localhost:3000";
const F = "/fallback";

describe("sameOriginPath: known open-redirect bypasses fall back", () => {
  it.each([
    "//evil.example",
    "//evil.example/today",
    "/\\evil.example",
    "\\/evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "\t//evil.example",
    "/\u0000/evil.example",
    " //evil.example",
    "/./\\evil.example",
    "/.//evil.example",
    "/a/..//evil.example",
    "https://evil.example/",
    "http://evil.example",
    "http://localhost:3000.evil.example/",
    "http://localhost:3000@evil.example/",
    "http://evil.example@localhost:3000/",
    "http://user:pass@localhost:3000/today",
    "https://localhost:3000/today",
    "http://localhost:3001/today",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "mailto:x@evil.example",
    "\u2215\u2215evil.example",
    "",
    "x".repeat(2001),
  ])("%j", (value) => {
    const got = sameOriginPath(value, app, F);
    // Either refused, or (for look-alikes that parse as paths) a same-origin path of this app.
    if (got !== F) {
      expect(got.startsWith("/") && !got.startsWith("//") && !got.startsWith("/\\")).toBe(true);
      expect(new URL(got, app).origin).toBe(app);
    }
    expect(new URL(got, app).host).toBe("localhost:3000");
  });

  it.each([
    // What a query parameter such as ?callbackUrl=%2F%5Cevil.example decodes to.
    decodeURIComponent("%2F%2Fevil.example"),
    decodeURIComponent("%2F%5Cevil.example"),
    decodeURIComponent("%2F%09%2Fevil.example"),
    decodeURIComponent("%5C%2Fevil.example"),
  ])("decoded query value %j falls back", (value) => {
    expect(sameOriginPath(value, app, F)).toBe(F);
  });

  it.each([null, undefined, 42, {}, ["/today"]])("non-string %j falls back", (value) => {
    expect(sameOriginPath(value, app, F)).toBe(F);
  });
});

describe("sameOriginPath: the app's own addresses pass as paths", () => {
  it.each([
    ["/today", "/today"],
    ["/patients/abc?tab=forms#top", "/patients/abc?tab=forms#top"],
    ["http://localhost:3000/today", "/today"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["today", "/today"],
    ["/a/../visits", "/visits"],
  ])("%j -> %j", (value, expected) => {
    expect(sameOriginPath(value, app, F)).toBe(expected);
  });
});
