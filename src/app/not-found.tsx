import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-2xl font-bold">We could not find that page</h1>
      <p className="mt-2 text-slate-700">The link may be wrong, or the record is not available to your account.</p>
      <Link href="/" className="mt-6 inline-block font-semibold text-teal-800 underline">
        Go to your home page
      </Link>
    </main>
  );
}
