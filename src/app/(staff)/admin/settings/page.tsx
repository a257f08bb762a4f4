import type { Metadata } from "next";
import Link from "next/link";
import { settingsPages } from "@/components/app-shell";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/server/auth/actor";

export const metadata: Metadata = { title: "Clinic settings" };

export default async function SettingsHub() {
  await requireActor(["ADMIN"]);
  return (
    <>
      <PageHeader title="Clinic settings" description="Each change is audited." />
      <ul className="grid gap-3 md:grid-cols-2">
        {settingsPages.map((p) => (
          <li key={p.href} className="rounded-lg border border-slate-200 bg-white p-4">
            <Link href={p.href} className="text-lg font-semibold text-teal-900 underline underline-offset-2">
              {p.label}
            </Link>
            <p className="mt-1 text-slate-700">{p.description}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
