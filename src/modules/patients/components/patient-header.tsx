import { formatDateOnly, formatUsPhone } from "../core/format";
import { usStates } from "../core/reference";
import type { PatientDetail } from "../patient-rows.server";

/** The sticky chart header (UX brief): who this is, at a glance, on every patient screen. */
export function PatientHeader({ patient }: { patient: PatientDetail }) {
  return (
    <section
      aria-label="Patient"
      className="sticky top-0 z-10 -mx-4 mb-6 border-b border-slate-300 bg-white/95 px-4 py-3 backdrop-blur"
    >
      <div className="flex flex-wrap items-baseline gap-x-6 gap-y-1">
        <h1 className="text-2xl font-bold text-slate-900">{patient.name}</h1>
        <dl className="flex flex-wrap gap-x-5 gap-y-1 text-slate-800">
          <Item label="Date of birth" value={`${formatDateOnly(patient.birthDate)} (${patient.age} y)`} />
          <Item label="MRN" value={patient.mrn} />
          <Item
            label="State"
            value={usStates[patient.stateOfResidence as keyof typeof usStates] ?? patient.stateOfResidence}
          />
          <Item label="Phone" value={formatUsPhone(patient.phone) || "none on file"} />
          <Item label="Video" value={patient.canDoVideo ? "Can do video" : "Phone only"} />
          <Item label="Allergies" value={patient.allergies || "None recorded"} />
        </dl>
      </div>
    </section>
  );
}

function Item({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex gap-1">
      <dt className="text-slate-600">{label}:</dt>
      <dd className="font-medium">{value}</dd>
    </div>
  );
}
