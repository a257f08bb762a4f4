/**
 * Limits on trying links, counted in Postgres (PatientLinkAttempt) so every app instance shares
 * them.
 *
 * Guessing (per client IP): only failures count. Past the limit, a token the server did not
 * issue (its MAC fails, core/token.ts) is refused without a lookup; a token it issued is still
 * looked up and honoured, so one attacker behind a clinic's shared NAT cannot lock every real
 * patient on that address out. Wrong answers to a link's check count here too.
 *
 * The identity check (per link): after CHECK_MAX_FAILURES wrong answers, from any address, the
 * link is locked and only the clinic can help (a new link). A real patient mistypes once or
 * twice; five wrong dates of birth is someone who does not know it.
 */
export const GUESS_WINDOW_MINUTES = 10;
export const CHECK_MAX_FAILURES = 5;

export type GuessDecision = "look-up" | "refuse";

export function decideGuess(input: {
  issuedByUs: boolean;
  recentFailuresFromIp: number;
  maxFailures: number;
}): GuessDecision {
  if (input.issuedByUs) return "look-up";
  return input.recentFailuresFromIp >= input.maxFailures ? "refuse" : "look-up";
}

/** After this many wrong answers (the one just given included) the link is locked. */
export function isCheckExhausted(wrongAnswers: number): boolean {
  return wrongAnswers >= CHECK_MAX_FAILURES;
}

export function checkTriesLeft(wrongAnswers: number): number {
  return Math.max(0, CHECK_MAX_FAILURES - wrongAnswers);
}
