import type { Metadata } from "next";
import Link from "next/link";
import { getPatient } from "@/modules/patients/index.server";
import { MyTestsSection } from "@/modules/udt/components/my-tests";
import { listMyUdtTests } from "@/modules/udt/index.server";
import { requireActor } from "@/server/auth/actor";
import { orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "My urine drug tests" };

export default async function MyTestsPage() {
  const actor = await requireActor(["PATIENT"]);
  if (!actor.patientId) return <p>Your account is not linked to a patient record yet. Please call the clinic.</p>;
  const ctx = await getRequestContext();
  const [me, tests] = await Promise.all([
    orNotFound(getPatient(actor, actor.patientId, ctx)),
    listMyUdtTests(actor, ctx),
  ]);
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-6">
      <h1 className="text-2xl font-bold">Your urine drug tests</h1>
      <MyTestsSection tests={tests} timeZone={me.timeZone} />
      <p>
        <Link href="/me" className="underline underline-offset-2">
          Back to My care
        </Link>
      </p>
    </div>
  );
}
