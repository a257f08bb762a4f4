import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { listCliniciansForScheduling } from "@/modules/scheduling/index.server";
import { requireActor } from "@/server/auth/actor";

export const metadata: Metadata = { title: "Clinician hours" };

export default async function HoursIndexPage() {
  const actor = await requireActor(["ADMIN"]);
  const clinicians = await listCliniciansForScheduling(actor);
  return (
    <>
      <PageHeader
        title="Clinician hours"
        description="Weekly working hours, time off and extra hours. Open times for booking come from these."
      />
      <ul className="flex flex-col gap-2">
        {clinicians.map((c) => (
          <li key={c.id}>
            <Link href={`/admin/hours/${c.id}`} className="font-semibold text-teal-900 underline underline-offset-2">
              {c.name}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
