import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { buttonClass } from "@/components/ui/button-class";
import { Notice } from "@/components/ui/form-status";
import { careTeamRoles } from "@/modules/identity/core/roles";
import { languages } from "@/modules/patients/core/reference";
import { PatientHeader } from "@/modules/patients/components/patient-header";
import { AssessmentSection } from "@/modules/assessments/components/assessment-section";
import { followUpNotice } from "@/modules/assessments/core/alert-groups";
import { getPatient } from "@/modules/patients/index.server";
import { requireActor } from "@/server/auth/actor";
import { isUuid, orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";
import { MedicationsSection } from "@/modules/udt/components/medications-section";
import { UdtChartSection } from "@/modules/udt/components/udt-chart-section";
import { listMedications, getPatientUdtOverview } from "@/modules/udt/index.server";
import { todayIn } from "@/modules/patients/core/format";
import { getEnv } from "@/server/env";
import { CarePlanSection } from "@/modules/care-plan/components/care-plan-section";
import { getCarePlan, listActiveResources } from "@/modules/care-plan/index.server";
import { ConsentSection } from "@/modules/consent/components/consent-section";
import { getCurrentConsentTexts, getPatientAgreement, getPatientConsents } from "@/modules/consent/index.server";
import { headers } from "next/headers";
import { randomUUID } from "node:crypto";
import { sendAgreementLinkAction } from "@/modules/consent/actions";
import { AgreementSection } from "@/modules/consent/components/agreement-section";
import { RegistrySection } from "@/modules/care-program/components/registry-section";
import { getLtotChartStatus } from "@/modules/care-program/index.server";
import { DeaFlag } from "@/modules/care-program/components/dea-flag";
import { InPersonSection } from "@/modules/care-program/components/in-person-section";
import { getPatientDea } from "@/modules/care-program/index.server";

export const metadata: Metadata = { title: "Patient chart" };

export default async function PatientChartPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireActor(careTeamRoles);
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const sp = await searchParams;
  const ctx = await getRequestContext();
  const patient = await orNotFound(getPatient(actor, id, ctx));
  const clinicTz = getEnv().CLINIC_TIME_ZONE;
  const tz = clinicTz;
  const [medications, udt, consents, texts, plan, resources, agreement, ltot, dea] = await Promise.all([
    listMedications(actor, id, ctx, todayIn(clinicTz)),
    getPatientUdtOverview(actor, id, ctx),
    getPatientConsents(actor, id, ctx),
    getCurrentConsentTexts(),
    getCarePlan(actor, id, ctx),
    listActiveResources(),
    getPatientAgreement(actor, id, ctx),
    getLtotChartStatus(actor, id, ctx),
    getPatientDea(actor, id, ctx),
  ]);
  const origin = getEnv().NEXTAUTH_URL?.replace(/\/$/, "") ?? `http://${(await headers()).get("host") ?? "localhost"}`;
  return (
    <>
      <PatientHeader patient={patient} />
      <div className="mb-4 flex flex-col gap-2">
        {sp.created ? <Notice kind="success">Patient added.</Notice> : null}
        {sp.saved ? <Notice kind="success">Changes saved.</Notice> : null}
        <DeaFlag status={dea.status} chartHref="#in-person" />
      </div>
      <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        <section aria-labelledby="contact-h" className="rounded-lg border border-slate-200 bg-white p-4">
          <div className="mb-3 flex items-center justify-between">
            <h2 id="contact-h" className="text-lg font-semibold">
              Contact and preferences
            </h2>
            <Link href={`/patients/${patient.id}/edit`} className={buttonClass("secondary")}>
              Edit details
            </Link>
          </div>
          <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-2 [overflow-wrap:anywhere]">
            <dt className="text-slate-600">Email</dt>
            <dd>{patient.email ?? "None on file"}</dd>
            <dt className="text-slate-600">Time zone</dt>
            <dd>{patient.timeZone}</dd>
            <dt className="text-slate-600">Language</dt>
            <dd>{languages[patient.preferredLanguage as keyof typeof languages] ?? patient.preferredLanguage}</dd>
            <dt className="text-slate-600">Portal account</dt>
            <dd>{patient.hasPortalAccount ? "Yes" : "No (uses secure links)"}</dd>
          </dl>
        </section>
        <section aria-labelledby="team-h" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="team-h" className="mb-3 text-lg font-semibold">
            Care team
          </h2>
          <ul className="flex flex-col gap-1">
            <li>
              <span className="font-medium">{patient.primaryClinicianName ?? "No primary clinician assigned"}</span>
              {patient.primaryClinicianName ? <span className="text-slate-600"> · Primary clinician</span> : null}
            </li>
            {patient.careTeam.map((m) => (
              <li key={m.userId}>
                <span className="font-medium">{m.name}</span> <span className="text-slate-600">· {m.role}</span>
              </li>
            ))}
          </ul>
        </section>
        <ConsentSection
          patientId={patient.id}
          consents={consents}
          texts={[texts.VIDEO, texts.PHONE].filter((t) => t !== null)}
          timeZone={tz}
        />
        <AgreementSection
          patientId={patient.id}
          view={agreement}
          timeZone={tz}
          idempotencyKey={randomUUID()}
          sendLinkAction={sendAgreementLinkAction.bind(null, patient.id)}
          origin={origin}
        />
        <CarePlanSection
          patientId={patient.id}
          plan={plan}
          resources={resources}
          canRefer={actor.role === "CLINICIAN"}
          timeZone={tz}
        />
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        {sp.medication ? (
          <div className="lg:col-span-2">
            <Notice kind="success">{sp.medication === "stopped" ? "Medication stopped." : "Medication added."}</Notice>
          </div>
        ) : null}
        <MedicationsSection
          patientId={patient.id}
          meds={medications}
          canWrite={actor.role === "CLINICIAN"}
          today={todayIn(clinicTz)}
        />
        <UdtChartSection
          patientId={patient.id}
          overview={udt}
          canOrder={actor.role === "CLINICIAN"}
          timeZone={clinicTz}
        />
        {sp.registry ? (
          <div className="lg:col-span-2">
            <Notice kind="success">
              {sp.registry === "included"
                ? "Included in the registry."
                : sp.registry === "excluded"
                  ? "Excluded from the registry."
                  : "Registry decision cleared: the medication rule applies."}
            </Notice>
          </div>
        ) : null}
        <RegistrySection patientId={patient.id} data={ltot} canDecide={actor.role === "CLINICIAN"} />
        <InPersonSection
          patientId={patient.id}
          view={dea}
          canRecord
          defaultClinicianId={actor.role === "CLINICIAN" ? actor.userId : patient.primaryClinicianId}
        />
      </div>
      <AssessmentSection
        actor={actor}
        patientId={patient.id}
        notice={
          sp.entered || sp.alertResolved ? (
            <Notice kind={sp.safety ? "warning" : "success"}>
              {sp.alertResolved
                ? followUpNotice(sp.alertResolved)
                : sp.safety
                  ? "Answers saved. Item 9 was above 0: an urgent alert is open for the care team. Give the patient the crisis resources (988 call or text, 911) now."
                  : "Answers saved."}
            </Notice>
          ) : null
        }
      />
    </>
  );
}
