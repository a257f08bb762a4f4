/** Pages reached from a link (no account): no navigation, the clinic's name, phone first. */
export function LinkShell({ clinicName, children }: { clinicName: string; children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <p className="mx-auto max-w-2xl px-4 py-3 text-lg font-bold text-teal-900">{clinicName}</p>
      </header>
      <main id="main" className="mx-auto w-full max-w-2xl flex-1 px-4 py-6">
        {children}
      </main>
    </div>
  );
}
