import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { buttonClass } from "@/components/ui/button-class";
import { startLinkFormsAction } from "@/modules/assessments/actions";
import { isTokenShaped } from "@/modules/assessments/core/link-token";

export const metadata: Metadata = { title: "Your forms", referrer: "no-referrer" };

/**
 * The address a patient gets by text or email. Opening it changes nothing (mail scanners open
 * links too); "Start" posts the token, which is then exchanged once for a cookie and dropped from
 * the address. No patient data is shown before that.
 */
export default async function LinkLandingPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!isTokenShaped(token)) redirect("/f/expired?reason=invalid");
  return (
    <div className="flex flex-col gap-5">
      <h1 className="text-2xl font-bold">Forms before your visit</h1>
      <p>Your care team asks you a few short questions about your pain and your mood. It takes about 4 minutes.</p>
      <p>Your answers go only to your care team.</p>
      <form action={startLinkFormsAction}>
        <input type="hidden" name="token" value={token} />
        <button type="submit" className={`${buttonClass("primary")} w-full sm:w-auto`}>
          Start
        </button>
      </form>
      <p className="text-sm text-slate-700">This link works once. If you stop, you can come back within one hour on this phone or computer.</p>
    </div>
  );
}
