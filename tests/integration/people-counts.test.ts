import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import ReferralsQueue from "@/app/(staff)/work/referrals/page";
import { db } from "@/server/db";
import { makePatient, makeUser } from "../factories";
import { beginRequest, SESSION_COOKIE, sessionCookieFor } from "../factories/next-request";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);
vi.mock("next/cache", async () => (await import("../factories/next-request")).nextCacheModule);

/**
 * Counts shown to staff count people, not records (docs/ux-principles.md; issue 10, D6 and the
 * search for the rest of its class). The referrals queue said "2 waiting" for one patient with two
 * referrals. This file has its own database, so the counts are exact.
 */
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("the referrals queue counts patients apart from referrals", () => {
  it("one patient with two referrals is 2 referrals for 1 patient; a second patient makes 2 patients", async () => {
    const coordinator = await makeUser("COORDINATOR");
    const clinician = await makeUser("CLINICIAN");
    const p = await makePatient();
    await db.referral.createMany({
      data: [
        { patientId: p.id, kind: "PHYSICAL_THERAPY", createdById: clinician.id },
        { patientId: p.id, kind: "BEHAVIORAL_THERAPY", createdById: clinician.id },
      ],
    });
    const render = async () => {
      beginRequest({ cookies: { [SESSION_COOKIE]: await sessionCookieFor(coordinator) }, path: "/work/referrals" });
      return text(renderToStaticMarkup(await ReferralsQueue()));
    };
    expect(await render()).toContain("2 referrals for 1 patient waiting");
    const q = await makePatient();
    await db.referral.create({ data: { patientId: q.id, kind: "PHYSICAL_THERAPY", createdById: clinician.id } });
    expect(await render()).toContain("3 referrals for 2 patients waiting");
  });
});
