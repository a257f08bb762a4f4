import Link from "next/link";

export default function Forbidden() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-2xl font-bold">You do not have access to this page</h1>
      <p className="mt-2 text-slate-700">
        Your account&apos;s role does not include this page or record. If you think it should, ask your clinic
        administrator.
      </p>
      <Link href="/" className="mt-6 inline-block font-semibold text-teal-800 underline">
        Go to your home page
      </Link>
    </main>
  );
}
