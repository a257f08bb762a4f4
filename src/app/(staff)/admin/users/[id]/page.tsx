import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Notice } from "@/components/ui/form-status";
import { PageHeader } from "@/components/ui/page-header";
import { resetPasswordAction, setUserActiveAction, updateUserAction } from "@/modules/identity/actions";
import { ActiveToggleForm, EditUserForm, ResetPasswordForm } from "@/modules/identity/components/user-forms";
import { roleLabels } from "@/modules/identity/core/roles";
import { getUser } from "@/modules/identity/index.server";
import { LicensesSection } from "@/modules/care-program/components/licenses-section";
import { clinicToday, listClinicianLicenses } from "@/modules/care-program/index.server";
import { requireActor } from "@/server/auth/actor";
import { isUuid, orNotFound } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Account" };

export default async function UserPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireActor(["ADMIN"]);
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const sp = await searchParams;
  const user = await orNotFound(getUser(actor, id, await getRequestContext()));
  // A clinician's licensed states (the licensure check of each visit).
  const licenses = user.role === "CLINICIAN" ? await listClinicianLicenses(actor, user.id) : null;
  return (
    <>
      <PageHeader
        title={user.name}
        description={`${user.email} · ${roleLabels[user.role]} · ${user.active ? "Active" : "Deactivated"} · ${user.openSessions} open session(s)`}
      />
      {sp.created ? (
        <div className="mb-4">
          <Notice kind="success">Account created.</Notice>
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        <section aria-labelledby="edit-h" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="edit-h" className="mb-3 text-lg font-semibold">
            Details and role
          </h2>
          <EditUserForm
            action={updateUserAction.bind(null, user.id)}
            initial={{ name: user.name, role: user.role, patientMrn: user.patient?.mrn ?? "" }}
          />
        </section>
        <div className="flex flex-col gap-6">
          <section aria-labelledby="active-h" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="active-h" className="mb-1 text-lg font-semibold">
              Access
            </h2>
            <p className="mb-3 text-slate-700">
              {user.active
                ? "Deactivating signs the person out everywhere at once and blocks sign-in."
                : "This account cannot sign in."}
            </p>
            <ActiveToggleForm action={setUserActiveAction.bind(null, user.id)} active={user.active} />
          </section>
          <section aria-labelledby="reset-h" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="reset-h" className="mb-3 text-lg font-semibold">
              Reset password
            </h2>
            <ResetPasswordForm action={resetPasswordAction.bind(null, user.id)} />
          </section>
        </div>
        {licenses ? (
          <div className="lg:col-span-2">
            <LicensesSection clinicianId={user.id} licenses={licenses} today={clinicToday()} />
          </div>
        ) : null}
      </div>
    </>
  );
}
