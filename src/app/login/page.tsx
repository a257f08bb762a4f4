import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { Notice } from "@/components/ui/form-status";
import { inputClass } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/button-class";
import { sameOriginPath } from "@/lib/safe-redirect";
import { roleHome } from "@/modules/identity/core/roles";
import { getActor } from "@/server/auth/actor";
import { appOrigin } from "@/server/env";

export const metadata: Metadata = { title: "Sign in" };

const errorMessages: Record<string, string> = {
  CredentialsSignin: "That email and password do not match an active account. Check them and try again.",
  RateLimited: "Too many sign-in attempts. For your security, wait one minute and try again.",
  SessionEnded: "You were signed out. Please sign in again.",
  SignInUnavailable:
    "Sign-in is not available right now. Try again in a minute; if it keeps happening, contact the clinic.",
};

/** Where to go after signing in: a path of this app (one shared check), never back to /login. */
function safeCallback(url: string | undefined): string {
  const path = sameOriginPath(url, appOrigin());
  return path.startsWith("/login") ? "/" : path;
}

/** The configured address, when this page was opened on another one (127.0.0.1 for localhost). */
function otherAddress(host: string | null, callbackUrl: string): string | null {
  const configured = new URL(appOrigin());
  if (!host || host === configured.host) return null;
  const login = new URL("/login", configured);
  if (callbackUrl !== "/") login.searchParams.set("callbackUrl", callbackUrl);
  return login.toString();
}

/**
 * A plain HTML form posting to next-auth's credentials callback: works without JavaScript.
 * The CSRF token comes from proxy.ts (next-auth's double-submit cookie).
 */
export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const actor = await getActor();
  const callbackUrl = safeCallback(typeof sp.callbackUrl === "string" ? sp.callbackUrl : undefined);
  if (actor) redirect(callbackUrl === "/" ? roleHome[actor.role] : callbackUrl);
  const h = await headers();
  const csrfToken = h.get("x-csrf-token") ?? "";
  // Sign-in sets its cookie for the configured address (NEXTAUTH_URL) and returns there: from any
  // other address it cannot work, so say where to go instead of failing without a word.
  const elsewhere = otherAddress(h.get("host"), callbackUrl);
  const error = typeof sp.error === "string" ? (errorMessages[sp.error] ?? "Sign-in failed. Please try again.") : null;
  const signedOut = sp.signedOut === "1";

  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-10">
      <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <p className="text-sm font-semibold tracking-wide text-teal-800 uppercase">Virtual Pain Clinic</p>
        <h1 className="mt-1 mb-4 text-2xl font-bold">Sign in</h1>
        <div className="mb-4 flex flex-col gap-2">
          {elsewhere ? (
            <Notice kind="warning">
              You opened this page at a different address than the clinic&apos;s. To sign in, go to{" "}
              <a href={elsewhere} className="font-semibold underline">
                {new URL(elsewhere).origin}
              </a>
              .
            </Notice>
          ) : null}
          {error ? <Notice kind="error">{error}</Notice> : null}
          {signedOut && !error ? <Notice kind="success">You are signed out.</Notice> : null}
          {sp.csrf ? <Notice kind="error">Your sign-in form expired. Please try again.</Notice> : null}
        </div>
        <form method="post" action="/api/auth/callback/credentials" className="flex flex-col gap-4">
          <input type="hidden" name="csrfToken" value={csrfToken} />
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <div className="flex flex-col gap-1">
            <label htmlFor="email" className="font-medium">
              Email
            </label>
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="username"
              required
              maxLength={254}
              className={inputClass}
            />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="password" className="font-medium">
              Password
            </label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              maxLength={128}
              className={inputClass}
            />
          </div>
          <button type="submit" className={buttonClass("primary")}>
            Sign in
          </button>
        </form>
        <p className="mt-4 text-sm text-slate-700">
          Patients: you can also open the link we text or email you before a visit; no account is needed.
        </p>
      </div>
    </main>
  );
}
