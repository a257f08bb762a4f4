/**
 * Every kind of link the clinic sends to a patient (or to someone the patient brings), in one
 * table. Adding a kind of link (e.g. "agreement": the patient signs an opioid agreement) is one
 * entry here, its landing page, and - if it is only needed until some work is done - one
 * resolver in pending-work.server.ts. Everything else (tokens, redemption, the guessing limit,
 * sessions, the expired page, audit) is shared.
 *
 * - code: the byte inside the token that names the purpose (authenticated by the token's MAC,
 *   core/token.ts), so the landing page can show the right words before any database lookup.
 *   Never reuse or renumber a code: links already sent carry it.
 * - landingPath: where the browser goes once the link is exchanged for a session.
 * - check: what the person must answer before a session is made. "birth-date": the patient's
 *   date of birth (a reusable join link can be forwarded; docs/decisions/0007a-patient-access.md).
 * - reuse: "until-expiry" - the link works until it expires or is revoked (the visit is over,
 *   the guest removed); "while-work-pending" - also only while there is still work to do for
 *   it (forms: pending form requests).
 * - session: how long the browser session lasts: idle minutes (sliding with use) and an
 *   absolute cap (never past the link's own expiry either).
 * - grants: other purposes a session of this kind also opens (a join-link session lets its
 *   patient finish their pre-visit forms from the waiting room).
 */
export type LinkCheck = "birth-date" | "none";
export type LinkReuse = "until-expiry" | "while-work-pending";
export type SessionLimits = { idleMinutes: number; maxMinutes: number };

type PurposeSpec = {
  code: number;
  landingPath: string;
  check: LinkCheck;
  reuse: LinkReuse;
  session: SessionLimits;
  grants: readonly string[];
};

export const linkPurposes = {
  /** The patient's own link to one video visit (subject: the visit). */
  "visit-join": {
    code: 1,
    landingPath: "/v/visit",
    check: "birth-date",
    reuse: "until-expiry",
    session: { idleMinutes: 60, maxMinutes: 12 * 60 },
    grants: ["forms"],
  },
  /** A caregiver's or interpreter's own link to one video visit (subject: their participant row). */
  "visit-guest": {
    code: 2,
    landingPath: "/v/guest",
    check: "none",
    reuse: "until-expiry",
    session: { idleMinutes: 60, maxMinutes: 12 * 60 },
    grants: [],
  },
  /** The patient's pending pre-visit forms (subject: the visit, or none). */
  forms: {
    code: 3,
    landingPath: "/f/forms",
    check: "none",
    reuse: "while-work-pending",
    session: { idleMinutes: 60, maxMinutes: 60 },
    grants: [],
  },
  /**
   * The patient reads and signs the opioid treatment agreement (subject: none). Behind the
   * birth-date check (a signature is the patient's own act, and the page shows their agreement
   * history); usable until it is signed (no agreement needs signing any more) or expires.
   */
  agreement: {
    code: 4,
    landingPath: "/a/agreement",
    check: "birth-date",
    reuse: "while-work-pending",
    session: { idleMinutes: 30, maxMinutes: 60 },
    grants: [],
  },
} as const satisfies Record<string, PurposeSpec>;

export type LinkPurpose = keyof typeof linkPurposes;
export const purposeNames = Object.keys(linkPurposes) as LinkPurpose[];

export function isLinkPurpose(s: string): s is LinkPurpose {
  return Object.hasOwn(linkPurposes, s);
}

export function purposeByCode(code: number): LinkPurpose | null {
  return purposeNames.find((p) => linkPurposes[p].code === code) ?? null;
}

/** The purposes whose sessions open `purpose` pages: itself first, then those that grant it. */
export function purposesOpening(purpose: LinkPurpose): LinkPurpose[] {
  return [
    purpose,
    ...purposeNames.filter((p) => p !== purpose && (linkPurposes[p].grants as readonly string[]).includes(purpose)),
  ];
}
