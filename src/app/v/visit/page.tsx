import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { PatientVisitDetails } from "@/modules/scheduling/components/patient-visit-card";
import { getVisitForLinkSession } from "@/modules/scheduling/visits.server";
import { linkCookieName, readLinkSession } from "@/server/patient-links.server";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Your visit" };

/**
 * The page a video join link opens (no account needed). Access comes only from the link's
 * short-lived cookie, bound to one patient and one visit. The video room replaces the note below
 * in a later issue.
 */
export default async function LinkedVisitPage() {
  const jar = await cookies();
  const session = await readLinkSession("visit-join", jar.get(linkCookieName("visit-join"))?.value);
  if (!session) redirect("/link-expired");
  const visit = await getVisitForLinkSession(session, await getRequestContext());
  if (!visit || visit.status === "CANCELLED") redirect("/link-expired");
  return (
    <main id="main" className="mx-auto flex max-w-2xl flex-col gap-4 px-4 py-8">
      <h1 className="text-2xl font-bold">Hello, {visit.givenName}. Here is your visit.</h1>
      <section className="rounded-xl border border-slate-200 bg-white p-4">
        <PatientVisitDetails visit={visit} icsHref={null} />
        <p className="mt-3 rounded-md border border-slate-300 p-3">The video call opens on this page a few minutes before your visit. Keep this page open, or open the link in your next reminder.</p>
      </section>
    </main>
  );
}
