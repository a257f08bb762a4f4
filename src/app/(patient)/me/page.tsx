import type { Metadata } from "next";
import Link from "next/link";
import { Icon } from "@/components/ui/icon";
import { phoneIcon, videoIcon } from "@/components/ui/icons";
import { formatDateOnly, formatUsPhone } from "@/modules/patients/core/format";
import { languages, usStates } from "@/modules/patients/core/reference";
import { getPatient } from "@/modules/patients/index.server";
import { PatientVisitDetails } from "@/modules/scheduling/components/patient-visit-card";
import { formatInZone } from "@/modules/scheduling/core/time";
import { getOwnVisitView, listVisitsForPatient } from "@/modules/scheduling/index.server";
import { PendingFormsCard } from "@/modules/assessments/components/pending-forms-card";
import { requireActor } from "@/server/auth/actor";
import { orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";
import { MyTestsSection } from "@/modules/udt/components/my-tests";
import { listMyUdtTests } from "@/modules/udt/index.server";

export const metadata: Metadata = { title: "My care" };

export default async function PatientHome() {
  const actor = await requireActor(["PATIENT"]);
  if (!actor.patientId) {
    return <p>Your account is not linked to a patient record yet. Please call the clinic.</p>;
  }
  const ctx = await getRequestContext();
  const [me, visits] = await Promise.all([
    orNotFound(getPatient(actor, actor.patientId, ctx)),
    listVisitsForPatient(actor, actor.patientId, ctx, { upcomingOnly: true, take: 10 }),
  ]);
  const next = visits[0] ? await getOwnVisitView(actor, visits[0].id, ctx) : null;
  const tests = await listMyUdtTests(actor, ctx);
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-6">
      <h1 className="text-2xl font-bold">Hello, {me.givenName}</h1>
      <section aria-labelledby="visit-h" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="visit-h" className="mb-2 text-lg font-semibold">
          Your next visit
        </h2>
        {next ? (
          <>
            <PatientVisitDetails visit={next} icsHref={`/api/visits/${next.id}/ics`} headingLevel={3} />
            <p className="mt-3">
              <Link href={`/me/visits/${next.id}`} className="font-semibold text-teal-900 underline underline-offset-2">
                {next.modality === "VIDEO" ? "Open your visit page (to join)" : "Open your visit page"}
              </Link>
            </p>
          </>
        ) : (
          <p className="mt-1 text-slate-700">
            You have no visits booked right now. The clinic will contact you to set one up.
          </p>
        )}
      </section>
      {visits.length > 1 ? (
        <section aria-labelledby="visits-h" className="rounded-xl border border-slate-200 bg-white p-4">
          <h2 id="visits-h" className="mb-2 text-lg font-semibold">
            My visits
          </h2>
          <ul className="flex flex-col gap-2">
            {visits.slice(1).map((v) => (
              <li key={v.id}>
                <Link
                  href={`/me/visits/${v.id}`}
                  className="flex min-h-11 items-center gap-2 text-teal-900 underline underline-offset-2"
                >
                  <Icon icon={v.modality === "VIDEO" ? videoIcon : phoneIcon} />
                  {formatInZone(new Date(v.startsAt), me.timeZone)} · {v.modality === "VIDEO" ? "Video" : "Phone"} visit
                  with {v.clinicianName}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="more-h" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="more-h" className="mb-2 text-lg font-semibold">
          Your care
        </h2>
        <ul className="flex flex-col gap-2 text-lg">
          <li>
            <Link
              href="/me/care-plan"
              className="inline-flex min-h-11 items-center font-semibold text-teal-900 underline"
            >
              My care plan: referrals and things to try
            </Link>
          </li>
          <li>
            <Link
              href="/me/consent"
              className="inline-flex min-h-11 items-center font-semibold text-teal-900 underline"
            >
              Consent for video and phone visits
            </Link>
          </li>
          <li>
            <Link
              href="/me/agreement"
              className="inline-flex min-h-11 items-center font-semibold text-teal-900 underline"
            >
              My treatment agreement
            </Link>
          </li>
        </ul>
      </section>
      <PendingFormsCard actor={actor} />
      <section aria-labelledby="profile-h" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="profile-h" className="mb-2 text-lg font-semibold">
          Your details
        </h2>
        <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-2 [overflow-wrap:anywhere]">
          <dt className="text-slate-600">Name</dt>
          <dd>{me.name}</dd>
          <dt className="text-slate-600">Date of birth</dt>
          <dd>{formatDateOnly(me.birthDate)}</dd>
          <dt className="text-slate-600">Phone</dt>
          <dd>{formatUsPhone(me.phone) || "None on file"}</dd>
          <dt className="text-slate-600">Email</dt>
          <dd>{me.email ?? "None on file"}</dd>
          <dt className="text-slate-600">State</dt>
          <dd>{usStates[me.stateOfResidence as keyof typeof usStates] ?? me.stateOfResidence}</dd>
          <dt className="text-slate-600">Language</dt>
          <dd>{languages[me.preferredLanguage as keyof typeof languages] ?? me.preferredLanguage}</dd>
          <dt className="text-slate-600">Your clinician</dt>
          <dd>{me.primaryClinicianName ?? "Not assigned yet"}</dd>
        </dl>
        <p className="mt-3 text-sm text-slate-700">
          If something is wrong, tell the clinic at your next call or visit.
        </p>
      </section>
      <MyTestsSection
        tests={tests
          .filter((t) => t.view.tone === "todo" || t.view.tone === "problem" || (t.view.tone === "done" && !t.results))
          .slice(0, 2)}
        timeZone={me.timeZone}
        compact
      />
    </div>
  );
}
