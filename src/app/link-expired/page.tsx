import type { Metadata } from "next";

export const metadata: Metadata = { title: "This link has expired" };

/** Shown for used, expired, revoked or unknown patient links: plain words, what to do next. */
export default async function LinkExpiredPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const busy = (await searchParams).r === "busy";
  return (
    <main id="main" className="mx-auto flex max-w-xl flex-col gap-4 px-4 py-10">
      <h1 className="text-2xl font-bold">{busy ? "Please wait a few minutes" : "This link has expired"}</h1>
      {busy ? (
        <p>We saw too many tries from your device. Wait 10 minutes, then open the link from your message again.</p>
      ) : (
        <>
          <p>For your safety, each link works only once and only for a short time.</p>
          <p>Please call the clinic and ask for a new link. If you have an account, you can also sign in to see your visits.</p>
          <p>
            <a href="/login" className="font-semibold text-teal-900 underline underline-offset-2">
              Sign in
            </a>
          </p>
        </>
      )}
    </main>
  );
}
