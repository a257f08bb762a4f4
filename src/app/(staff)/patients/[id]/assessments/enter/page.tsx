import { dateTimeFormat } from "@/lib/intl-cache";
import type { Metadata } from "next";
import { randomUUID } from "node:crypto";
import Link from "next/link";
import { Icon } from "@/components/ui/icon";
import { phoneIcon, videoIcon } from "@/components/ui/icons";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { enterStaffResponseAction } from "@/modules/assessments/actions";
import { listPendingRequestsForStaff } from "@/modules/assessments/index.server";
import { instruments, isInstrumentCode } from "@/modules/assessments/core/instruments";
import { InstrumentForm } from "@/modules/assessments/components/instrument-form";
import { careTeamRoles } from "@/modules/identity/core/roles";
import { PatientHeader } from "@/modules/patients/components/patient-header";
import { getPatient } from "@/modules/patients/index.server";
import { requireActor } from "@/server/auth/actor";
import { getEnv } from "@/server/env";
import { isUuid, orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Enter answers" };

/** Staff read the instrument aloud (phone or video visit) and enter the patient's answers. */
export default async function EnterAnswersPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireActor(careTeamRoles);
  const { id } = await params;
  const sp = await searchParams;
  if (!isUuid(id)) notFound();
  const code = sp.instrument && isInstrumentCode(sp.instrument) ? sp.instrument : "PEG";
  const ctx = await getRequestContext();
  const [patient, pending] = await Promise.all([
    orNotFound(getPatient(actor, id, ctx)),
    listPendingRequestsForStaff(actor, id),
  ]);
  const forThis = pending.filter((r) => r.instrument === code);
  const inst = instruments[code];
  const tz = getEnv().CLINIC_TIME_ZONE;
  const fmt = dateTimeFormat("en-US", {
    timeZone: tz,
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  });
  const before = (
    <>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 font-semibold">How is the patient answering? (required)</legend>
        {(["PHONE", "VIDEO"] as const).map((m) => (
          <label
            key={m}
            className="flex min-h-11 items-center gap-3 rounded-md border border-slate-300 px-3 has-checked:border-teal-800 has-checked:bg-teal-50"
          >
            <input type="radio" name="mode" value={m} className="h-5 w-5 accent-teal-800" />
            <Icon icon={m === "PHONE" ? phoneIcon : videoIcon} />
            {m === "PHONE" ? "Phone visit: questions read aloud" : "Video visit: questions read aloud"}
          </label>
        ))}
      </fieldset>
      <div className="flex flex-col gap-1">
        <label htmlFor="requestId" className="font-semibold">
          Answers a pending request
        </label>
        <select
          id="requestId"
          name="requestId"
          defaultValue={forThis[0]?.id ?? ""}
          className="rounded-md border border-slate-400 bg-white px-3 py-2"
        >
          <option value="">None (not requested)</option>
          {forThis.map((r) => (
            <option key={r.id} value={r.id}>
              {inst.name}, due {fmt.format(new Date(r.dueAt))}
            </option>
          ))}
        </select>
      </div>
      <p className="rounded-md bg-slate-100 p-3 text-sm">
        Read each question and its answer choices exactly as written.
      </p>
    </>
  );
  return (
    <>
      <PatientHeader patient={patient} />
      <PageHeader
        title={`Enter ${inst.name} answers`}
        description="Recorded as staff-administered, with the visit mode."
        actions={
          <>
            {code !== "PEG" ? (
              <Link href={`/patients/${id}/assessments/enter?instrument=PEG`} className="underline">
                Switch to PEG
              </Link>
            ) : null}
            {code !== "PHQ9" ? (
              <Link href={`/patients/${id}/assessments/enter?instrument=PHQ9`} className="underline">
                Switch to PHQ-9
              </Link>
            ) : null}
          </>
        }
      />
      <div className="max-w-2xl">
        <InstrumentForm
          action={enterStaffResponseAction.bind(null, id)}
          instrument={code}
          hidden={{ idempotencyKey: randomUUID() }}
          before={before}
          submitLabel="Save answers"
        />
      </div>
    </>
  );
}
