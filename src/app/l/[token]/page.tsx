import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { parseInput } from "@/lib/input";
import { LinkLanding, type LandingProblem } from "@/modules/patient-access/components/link-landing";
import { describeLanding, linkPurposes } from "@/modules/patient-access/index.server";
import { linkTokenSchema } from "@/modules/patient-access/schemas";

export const metadata: Metadata = { title: "Your link from the clinic", referrer: "no-referrer" };

type Search = Record<string, string | string[] | undefined>;

function problemFrom(sp: Search): LandingProblem {
  if (sp.wrong === "1") {
    const left = typeof sp.left === "string" && /^[0-5]$/.test(sp.left) ? Number(sp.left) : 0;
    return { wrong: true, triesLeft: left };
  }
  if (sp.field === "month" || sp.field === "day" || sp.field === "year")
    return { field: sp.field, missing: sp.missing === "1" };
  return null;
}

/**
 * Every link the clinic sends: /l/<token>. Opening it changes nothing (mail scanners and link
 * previews open links too) and shows no patient data: the button posts the token, and only that
 * makes a session (patient-access/actions.ts). A browser that already holds a live session of
 * this same link goes straight on.
 */
export default async function LinkLandingPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Search>;
}) {
  const { token } = await params;
  if (!parseInput(linkTokenSchema, token).success) redirect("/link-expired?reason=invalid");
  const landing = await describeLanding(token);
  if (landing.continueTo) redirect(landing.continueTo);
  const sp = await searchParams;
  const askBirthDate =
    (landing.purpose ? linkPurposes[landing.purpose].check : sp.check === "birth-date" ? "birth-date" : "none") ===
    "birth-date";
  return (
    <LinkLanding
      token={token}
      purpose={landing.purpose}
      askBirthDate={askBirthDate}
      problem={askBirthDate ? problemFrom(sp) : null}
    />
  );
}
