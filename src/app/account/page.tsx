import type { Metadata } from "next";
import { AppShell } from "@/components/app-shell";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass } from "@/components/ui/button-class";
import { signOutAction } from "@/modules/identity/actions";
import { ChangePasswordForm } from "@/modules/identity/components/change-password-form";
import { requireActor } from "@/server/auth/actor";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const actor = await requireActor();
  return (
    <AppShell actor={actor}>
      <PageHeader title="Your account" description={actor.email} />
      <div className="grid max-w-3xl gap-6">
        <section aria-labelledby="signout-h" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="signout-h" className="text-lg font-semibold">
            Sign out everywhere
          </h2>
          <p className="mb-3 text-slate-700">Ends every session of your account on every device, including this one.</p>
          <form action={signOutAction}>
            <input type="hidden" name="scope" value="everywhere" />
            <button type="submit" className={buttonClass("danger")}>
              Sign out everywhere
            </button>
          </form>
        </section>
        <section aria-labelledby="pw-h" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="pw-h" className="mb-3 text-lg font-semibold">
            Change password
          </h2>
          <ChangePasswordForm />
        </section>
      </div>
    </AppShell>
  );
}
