"use client";

import Link from "next/link";

/** Generic error page: never shows the internal error text, only a reference for support. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p className="mt-2 text-slate-700">
        We could not finish that. Nothing was lost that you had already saved. Try again; if it keeps happening, contact
        support
        {error.digest ? (
          <>
            {" "}
            and give this reference: <code className="font-mono">{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <div className="mt-6 flex gap-4">
        <button type="button" onClick={reset} className="min-h-11 rounded-md bg-teal-800 px-4 font-semibold text-white">
          Try again
        </button>
        <Link href="/" className="inline-flex min-h-11 items-center font-semibold text-teal-800 underline">
          Go to your home page
        </Link>
      </div>
    </main>
  );
}
