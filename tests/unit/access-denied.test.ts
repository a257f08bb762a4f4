import { forbidden, unstable_rethrow } from "next/navigation";
import {
  getAccessFallbackHTTPStatus,
  isHTTPAccessFallbackError,
} from "next/dist/client/components/http-access-fallback/http-access-fallback";
import { describe, expect, it } from "vitest";
import { AccessDenied, AppError, errorCodes, isAccessDenied, isAppError, NEXT_FORBIDDEN_DIGEST } from "@/server/errors";

/**
 * Issue 11, item 4: a denial is a typed AppError (AccessDenied, code FORBIDDEN) that data
 * functions throw after auditing it, and that Next still renders as its 403 page in pages and
 * actions. These pin both halves, so a Next upgrade that changes forbidden()'s marker fails here.
 */
describe("AccessDenied", () => {
  it("is a typed AppError with the safe FORBIDDEN message", () => {
    const e = new AccessDenied();
    expect(isAppError(e)).toBe(true);
    expect(isAccessDenied(e)).toBe(true);
    expect(e).toMatchObject({ code: "FORBIDDEN", message: errorCodes.FORBIDDEN, name: "AccessDenied" });
    expect(isAccessDenied(new AppError("FORBIDDEN"))).toBe(false);
    expect(isAccessDenied(new Error(NEXT_FORBIDDEN_DIGEST))).toBe(false);
  });

  it("is what Next's forbidden() throws, as far as Next can tell (403)", () => {
    const e = new AccessDenied();
    expect(isHTTPAccessFallbackError(e)).toBe(true);
    expect(getAccessFallbackHTTPStatus(e)).toBe(403);
    process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";
    let thrown: unknown;
    try {
      forbidden();
    } catch (x) {
      thrown = x;
    }
    expect((thrown as { digest?: string }).digest).toBe(NEXT_FORBIDDEN_DIGEST);
  });

  it("an action's error mapping rethrows it to Next (the 403 page), as it does forbidden()", () => {
    expect(() => unstable_rethrow(new AccessDenied())).toThrow(AccessDenied);
    expect(() => unstable_rethrow(new AppError("NOT_FOUND"))).not.toThrow();
  });
});
