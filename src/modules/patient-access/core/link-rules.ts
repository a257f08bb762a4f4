import type { LinkCheck, LinkReuse } from "./purposes";

/**
 * The one redemption rule for every link. Opening a link (GET) never redeems it: mail scanners
 * and link previews open links too. The person presses a button (a POST), answers the link's
 * check if it has one, and only then is a session made. A link is reusable: it works again (on
 * the same or another device) until it expires, is revoked or is locked, and - for links that
 * exist to get some work done - while that work is still pending.
 */
export type LinkState = "valid" | "expired" | "revoked" | "locked";

/** Why a stored link may or may not be used now. Revoked beats locked beats expired. */
export function classifyLink(
  link: { expiresAt: Date; revokedAt: Date | null; lockedAt: Date | null },
  now: Date,
): LinkState {
  if (link.revokedAt) return "revoked";
  if (link.lockedAt) return "locked";
  if (now.getTime() >= link.expiresAt.getTime()) return "expired";
  return "valid";
}

export type CheckAnswer = "none" | "right" | "wrong";

export type Redemption =
  | { kind: "redeem" }
  | { kind: "refuse"; reason: "expired" | "revoked" | "locked" | "done" }
  /** Show the check (e.g. ask for the date of birth); nothing is counted. */
  | { kind: "ask-check" }
  /** A wrong answer: counted against the link (core/guess-limit.ts). */
  | { kind: "wrong-check" };

export function decideRedemption(input: {
  state: LinkState;
  reuse: LinkReuse;
  workPending: boolean;
  check: LinkCheck;
  answer: CheckAnswer;
}): Redemption {
  if (input.state !== "valid") return { kind: "refuse", reason: input.state };
  if (input.reuse === "while-work-pending" && !input.workPending) return { kind: "refuse", reason: "done" };
  if (input.check === "none") return { kind: "redeem" };
  if (input.answer === "none") return { kind: "ask-check" };
  return input.answer === "right" ? { kind: "redeem" } : { kind: "wrong-check" };
}
