import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { formatInZone } from "@/modules/scheduling/core/time";
import { RoomEntry } from "@/modules/video/components/room-entry";
import { getGuestView } from "@/modules/video/index.server";
import { requireLinkSession } from "@/modules/patient-access/index.server";
import { englishLanguage } from "@/i18n/request-locale.server";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Join a video visit" };

/** Where a caregiver's or interpreter's link lands: device check, waiting room, the call. */
export default async function GuestPage() {
  const session = await requireLinkSession("visit-guest");
  const view = await getGuestView(session, await getRequestContext());
  if (!view) redirect("/link-expired?reason=revoked");
  return (
    <main id="main" className="mx-auto flex max-w-2xl flex-col gap-4 px-4 py-6">
      <h1 className="text-2xl font-bold">Hello, {view.guestName}.</h1>
      <p>
        You are invited to a video visit with {view.clinicianName} on{" "}
        {formatInZone(new Date(view.startsAt), view.timeZone)} ({view.timeZone}). The clinician will let you in.
      </p>
      <RoomEntry visit={view} via="guest" formsHref={null} language={englishLanguage()} />
    </main>
  );
}
