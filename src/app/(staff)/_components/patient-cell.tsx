import Link from "next/link";
import { formatUsPhone } from "@/modules/patients/core/format";

/** A work list's first cell: the patient's name linking to the chart, with MRN and phone to call. */
export function PatientCell({
  patient,
}: {
  patient: { patientId: string; patientName: string; mrn: string; phone: string | null };
}) {
  return (
    <td className="py-2 pr-3">
      <Link
        href={`/patients/${patient.patientId}`}
        className="font-semibold text-teal-900 underline underline-offset-2"
      >
        {patient.patientName}
      </Link>
      <div className="text-sm text-slate-700">
        MRN {patient.mrn}
        {patient.phone ? ` · ${formatUsPhone(patient.phone)}` : ""}
      </div>
    </td>
  );
}
