import "server-only";

/**
 * The patient-access module's public server surface: every link sent to a patient (video join,
 * a guest's join, pre-visit forms; later agreements) is issued, opened and checked here. Other
 * modules import only this file (and, for pages, actions.ts and components/).
 *
 * - issuePatientLink / revokePatientLinks: inside the caller's transaction.
 * - readLinkSession(purpose) for routes and data functions, requireLinkSession(purpose) for pages:
 *   the one way to know who a link user is.
 * - isLinkSessionLive / liveLinkSessionSql: for things tied to a link session (video room seats).
 * - linkSessionAudit(session): the details every PHI read through a link session is audited with.
 *
 * How it works and why: docs/decisions/0007a-patient-access.md.
 */
export { linkPurposes, type LinkPurpose } from "./core/purposes";
export { issuePatientLink, patientLinkUrl, revokePatientLinks, type IssuedLink } from "./links.server";
export { redeemPatientLink, type RedeemResult } from "./redeem.server";
export { openPatientLink, type OpenLinkOutcome } from "./open-link.server";
export {
  describeLanding,
  endLinkSession,
  isLinkSessionLive,
  liveLinkSessionSql,
  readLinkSession,
  requireLinkSession,
  type LinkSession,
} from "./sessions.server";

/**
 * Audit details for a PHI read or write made through a link session, the same for every purpose
 * (the session id leads to the link, its purpose and its patient).
 */
export function linkSessionAudit(session: { sessionId: string }): { via: "patient_link"; linkSessionId: string } {
  return { via: "patient_link", linkSessionId: session.sessionId };
}

/** Background job: guess-limit rows that can no longer count (src/server/worker/jobs.server.ts). */
export { prunePatientLinkAttempts } from "./prune.server";
