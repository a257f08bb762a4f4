import type { Metadata } from "next";
import Link from "next/link";
import { Icon, IconText } from "@/components/ui/icon";
import { phoneIcon, videoIcon, warningIcon } from "@/components/ui/icons";
import { randomUUID } from "node:crypto";
import { buttonClass } from "@/components/ui/button-class";
import { inputClass } from "@/components/ui/field";
import { Notice } from "@/components/ui/form-status";
import { PageHeader } from "@/components/ui/page-header";
import { careTeamRoles } from "@/modules/identity/core/roles";
import { formatDateOnly, formatUsPhone } from "@/modules/patients/core/format";
import { getPatient, searchPatients } from "@/modules/patients/index.server";
import { bookVisitAction } from "@/modules/scheduling/actions";
import {
  clinicTimeZone,
  listCliniciansForScheduling,
  listVisitTypes,
  searchOpenSlots,
} from "@/modules/scheduling/index.server";
import { BookingForm, type SlotDay } from "@/modules/scheduling/components/booking-form";
import {
  addDays,
  formatDateHeading,
  formatInZone,
  isIsoDate,
  wallClockAt,
  zoneAbbreviation,
} from "@/modules/scheduling/core/time";
import { slotSearchSchema } from "@/modules/scheduling/schemas";
import { requireActor } from "@/server/auth/actor";
import { isUuid, orNotFound, flatParams, type SearchParams } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";
import { parseInput } from "@/lib/input";

export const metadata: Metadata = { title: "Book a visit" };

/** Booking panel: find the patient -> visit type, clinician, dates -> open times -> book. */
export default async function BookPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor(careTeamRoles);
  const sp = await flatParams(searchParams, ["patientId", "q", "clinicianId", "visitTypeId", "from", "to"]);
  const ctx = await getRequestContext();
  const tz = clinicTimeZone();
  const today = wallClockAt(new Date(), tz).date;

  if (!sp.patientId || !isUuid(sp.patientId)) {
    const q = (sp.q ?? "").slice(0, 100);
    const found = q ? await searchPatients(actor, { q, page: 1 }, ctx) : null;
    const keep = new URLSearchParams(Object.entries(sp).filter(([k]) => ["clinicianId", "from", "to"].includes(k)));
    return (
      <>
        <PageHeader title="Book a visit" description="Step 1 of 2: find the patient by name, date of birth or MRN." />
        <form role="search" method="get" className="mb-6 flex max-w-xl flex-wrap items-end gap-2">
          {[...keep.entries()].map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
          <div className="flex flex-1 flex-col gap-1">
            <label htmlFor="q" className="font-medium">
              Find patient
            </label>
            <input
              id="q"
              name="q"
              type="search"
              defaultValue={q}
              maxLength={100}
              placeholder="Name, MRN, or date of birth (YYYY-MM-DD)"
              className={inputClass}
            />
          </div>
          <button type="submit" className={buttonClass("secondary")}>
            Search
          </button>
        </form>
        {found ? (
          found.rows.length === 0 ? (
            <p role="status">No patients match. Check the spelling, or add the patient first.</p>
          ) : (
            <ul className="flex flex-col gap-2" aria-label="Matching patients">
              {found.rows.map((p) => {
                const next = new URLSearchParams(keep);
                next.set("patientId", p.id);
                return (
                  <li
                    key={p.id}
                    className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-slate-200 bg-white p-3"
                  >
                    <span>
                      <span className="font-semibold">{p.name}</span> · born {formatDateOnly(p.birthDate)} · MRN{" "}
                      <span className="font-mono">{p.mrn}</span> ·{" "}
                      {p.canDoVideo ? (
                        <IconText icon={videoIcon}>Video</IconText>
                      ) : (
                        <IconText icon={phoneIcon}>Phone only</IconText>
                      )}
                    </span>
                    <Link href={`/schedule/book?${next}`} className={buttonClass("secondary")}>
                      Choose<span className="sr-only"> {p.name}</span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          )
        ) : null}
      </>
    );
  }

  const [patient, clinicians, visitTypes] = await Promise.all([
    orNotFound(getPatient(actor, sp.patientId, ctx)),
    listCliniciansForScheduling(actor),
    listVisitTypes(actor),
  ]);
  const defaults = {
    patientId: patient.id,
    clinicianId:
      sp.clinicianId ??
      (patient.primaryClinicianId && clinicians.some((c) => c.id === patient.primaryClinicianId)
        ? patient.primaryClinicianId
        : "all"),
    visitTypeId: sp.visitTypeId ?? visitTypes.find((t) => /follow/i.test(t.name))?.id ?? visitTypes[0]?.id ?? "",
    from: sp.from && isIsoDate(sp.from) && sp.from >= today ? sp.from : today,
    to: sp.to ?? addDays(sp.from && isIsoDate(sp.from) && sp.from >= today ? sp.from : today, 13),
  };
  const parsed = parseInput(slotSearchSchema, defaults);
  const result =
    parsed.success && visitTypes.length ? await searchOpenSlots(actor, { ...parsed.data, limit: 300 }) : null;
  const days: SlotDay[] = [];
  for (const s of result?.slots ?? []) {
    const start = new Date(s.startsAt);
    const heading = formatDateHeading(wallClockAt(start, tz).date);
    const patientLabel =
      patient.timeZone !== tz ? ` (patient: ${formatInZone(start, patient.timeZone, { withDate: false })})` : "";
    const opt = {
      value: `${s.clinicianId}|${s.startsAt}`,
      label: `${formatInZone(start, tz, { withDate: false })}${patientLabel}`,
      clinicianName: s.clinicianName,
    };
    const last = days.at(-1);
    if (last?.heading === heading) last.slots.push(opt);
    else days.push({ heading, slots: [opt] });
  }
  const zone = `${zoneAbbreviation(new Date(), tz)} (${tz})`;
  const errors = parsed.success
    ? {}
    : Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
  return (
    <>
      <PageHeader
        title="Book a visit"
        description="Step 2 of 2: choose the visit type, a clinician and an open time."
      />
      <section aria-labelledby="patient-h" className="mb-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="patient-h" className="text-lg font-semibold">
          {patient.name}
        </h2>
        <p className="text-slate-700">
          Born {formatDateOnly(patient.birthDate)} ({patient.age} y) · MRN{" "}
          <span className="font-mono">{patient.mrn}</span> ·{" "}
          {patient.canDoVideo ? (
            <IconText icon={videoIcon}>Can do video</IconText>
          ) : (
            <IconText icon={phoneIcon}>Phone only</IconText>
          )}{" "}
          · Phone {formatUsPhone(patient.phone) || "none on file"} · Lives in {patient.timeZone}
        </p>
        <Link href="/schedule/book" className="mt-2 inline-block underline">
          Choose another patient
        </Link>
      </section>
      {visitTypes.length === 0 ? (
        <Notice kind="warning">No visit types are set up yet. An administrator adds them under Visit types.</Notice>
      ) : null}
      <form
        method="get"
        className="mb-6 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-5 sm:items-end"
        aria-label="Find open times"
      >
        <input type="hidden" name="patientId" value={patient.id} />
        <div className="flex flex-col gap-1">
          <label htmlFor="visitTypeId" className="font-medium">
            Visit type
          </label>
          <select
            id="visitTypeId"
            name="visitTypeId"
            defaultValue={defaults.visitTypeId}
            className={inputClass}
            aria-invalid={errors.visitTypeId ? true : undefined}
          >
            {visitTypes.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.durationMinutes} min)
              </option>
            ))}
          </select>
          {errors.visitTypeId ? (
            <p className="text-sm font-medium text-red-700">
              <Icon icon={warningIcon} className="mr-1" />
              {errors.visitTypeId}
            </p>
          ) : null}
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="clinicianId" className="font-medium">
            Clinician
          </label>
          <select id="clinicianId" name="clinicianId" defaultValue={defaults.clinicianId} className={inputClass}>
            <option value="all">Any clinician</option>
            {clinicians.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="from" className="font-medium">
            From
          </label>
          <input
            id="from"
            name="from"
            type="date"
            defaultValue={defaults.from}
            min={today}
            className={inputClass}
            aria-invalid={errors.from ? true : undefined}
          />
          {errors.from ? (
            <p className="text-sm font-medium text-red-700">
              <Icon icon={warningIcon} className="mr-1" />
              {errors.from}
            </p>
          ) : null}
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="to" className="font-medium">
            To
          </label>
          <input
            id="to"
            name="to"
            type="date"
            defaultValue={defaults.to}
            min={today}
            className={inputClass}
            aria-invalid={errors.to ? true : undefined}
          />
          {errors.to ? (
            <p className="text-sm font-medium text-red-700">
              <Icon icon={warningIcon} className="mr-1" />
              {errors.to}
            </p>
          ) : null}
        </div>
        <button type="submit" className={buttonClass("secondary")}>
          Find open times
        </button>
      </form>
      {result ? (
        <BookingForm
          action={bookVisitAction}
          patient={{
            id: patient.id,
            canDoVideo: patient.canDoVideo,
            phoneLabel: patient.phone ? formatUsPhone(patient.phone) : null,
          }}
          visitTypeId={result.visitType.id}
          days={days}
          idempotencyKey={randomUUID()}
          zoneNote={`${result.total} open time(s) for ${result.visitType.name} (${result.visitType.durationMinutes} min)${result.total > result.slots.length ? `, first ${result.slots.length} shown` : ""}. Times in clinic time, ${zone}.`}
        />
      ) : null}
    </>
  );
}
