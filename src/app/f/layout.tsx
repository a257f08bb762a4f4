import { connection } from "next/server";
import { getEnv } from "@/server/env";

/** Secure-link pages for patients without an account: no navigation, no account, phone first. */
export default async function LinkLayout({ children }: { children: React.ReactNode }) {
  // Per-request rendering: the CSP nonce and the clinic name come from the running server.
  await connection();
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <p className="mx-auto max-w-2xl px-4 py-3 text-lg font-bold text-teal-900">{getEnv().CLINIC_NAME}</p>
      </header>
      <main id="main" className="mx-auto w-full max-w-2xl flex-1 px-4 py-6">
        {children}
      </main>
    </div>
  );
}
