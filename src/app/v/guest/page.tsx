import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { formatInZone } from "@/modules/scheduling/core/time";
import { RoomEntry } from "@/modules/video/components/room-entry";
import { getGuestView } from "@/modules/video/room.server";
import { linkCookieName, readLinkSession } from "@/server/patient-links.server";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Join a video visit" };

/** Where a caregiver's or interpreter's link lands: device check, waiting room, the call. */
export default async function GuestPage() {
  const jar = await cookies();
  const session = await readLinkSession("visit-guest", jar.get(linkCookieName("visit-guest"))?.value);
  if (!session) redirect("/link-expired");
  const view = await getGuestView(session, await getRequestContext());
  if (!view) redirect("/link-expired");
  return (
    <main id="main" className="mx-auto flex max-w-2xl flex-col gap-4 px-4 py-6">
      <h1 className="text-2xl font-bold">Hello, {view.guestName}.</h1>
      <p>
        You are invited to a video visit with {view.clinicianName} on {formatInZone(new Date(view.startsAt), view.timeZone)} ({view.timeZone}). The clinician will let you in.
      </p>
      <RoomEntry visit={view} via="guest" formsHref={null} />
    </main>
  );
}
