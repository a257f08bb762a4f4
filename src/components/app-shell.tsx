import Link from "next/link";
import { signOutAction } from "@/modules/identity/actions";
import { roleLabels, type Actor, type Role } from "@/modules/identity/core/roles";

/** Navigation shows only what a role may use; every page still checks access itself. */
export const navItems: { href: string; label: string; roles: readonly Role[] }[] = [
  { href: "/today", label: "Today", roles: ["CLINICIAN"] },
  { href: "/schedule", label: "Schedule", roles: ["COORDINATOR", "CLINICIAN"] },
  { href: "/visits", label: "Upcoming visits", roles: ["COORDINATOR", "CLINICIAN"] },
  { href: "/patients", label: "Patients", roles: ["CLINICIAN", "COORDINATOR"] },
  { href: "/registry", label: "Registry", roles: ["CLINICIAN", "COORDINATOR"] },
  // Work queues
  { href: "/forms-queue", label: "Forms queue", roles: ["CLINICIAN", "COORDINATOR"] },
  { href: "/udt", label: "Drug tests", roles: ["CLINICIAN", "COORDINATOR"] },
  { href: "/work/referrals", label: "Referrals", roles: ["COORDINATOR", "CLINICIAN"] },
  { href: "/work/consents", label: "Consents missing", roles: ["COORDINATOR", "CLINICIAN"] },
  { href: "/reminders", label: "Reminders", roles: ["COORDINATOR", "CLINICIAN", "ADMIN"] },
  // The care program
  { href: "/measures", label: "Measures", roles: ["CLINICIAN", "COORDINATOR", "ADMIN"] },
  // Administration
  { href: "/admin/users", label: "Users", roles: ["ADMIN"] },
  { href: "/admin/settings", label: "Clinic settings", roles: ["ADMIN"] },
  { href: "/admin/audit", label: "Audit log", roles: ["ADMIN"] },
  { href: "/admin/worker", label: "Background jobs", roles: ["ADMIN"] },
  // Patients
  { href: "/me", label: "My care", roles: ["PATIENT"] },
  { href: "/me/forms", label: "My forms", roles: ["PATIENT"] },
  { href: "/me/tests", label: "My tests", roles: ["PATIENT"] },
];

/** Admin settings pages, grouped on /admin/settings instead of crowding the navigation. */
export const settingsPages = [
  {
    href: "/admin/visit-types",
    label: "Visit types",
    description: "Names and durations of the visits coordinators book.",
  },
  {
    href: "/admin/hours",
    label: "Clinician hours",
    description: "Weekly working hours and time off; open slots are derived from them.",
  },
  {
    href: "/admin/form-settings",
    label: "Pre-visit forms",
    description: "Which questionnaires are sent before a visit, how early, and how long links last.",
  },
  {
    href: "/admin/udt-settings",
    label: "Urine drug tests",
    description: "Collection window and the annual testing interval.",
  },
  {
    href: "/admin/consent-texts",
    label: "Consent texts",
    description: "Versioned wording for video and telephone consent and the opioid treatment agreement.",
  },
  {
    href: "/admin/fhir-clients",
    label: "FHIR API clients",
    description: "Systems that read the clinic's records over FHIR (SMART Backend Services): register and revoke.",
  },
  {
    href: "/admin/resources",
    label: "Self-management resources",
    description: "The catalog clinicians recommend from.",
  },
  {
    href: "/admin/care-program",
    label: "Care program",
    description: "Registry and care-gap thresholds, naloxone and MME context marks, and the DEA telemedicine end date.",
  },
] as const;

export function AppShell({ actor, children }: { actor: Actor; children: React.ReactNode }) {
  const items = navItems.filter((i) => i.roles.includes(actor.role));
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link href="/" className="text-lg font-bold text-teal-900">
            Virtual Pain Clinic
          </Link>
          <div className="flex flex-wrap items-center gap-3 text-sm">
            <span>
              <span className="font-semibold">{actor.name}</span>{" "}
              <span className="text-slate-600">· {roleLabels[actor.role]}</span>
            </span>
            <Link href="/account" className="underline underline-offset-2 hover:text-teal-800">
              Account
            </Link>
            <form action={signOutAction}>
              <button
                type="submit"
                className="min-h-11 rounded-md border border-slate-400 px-3 font-medium hover:bg-slate-100"
              >
                Sign out
              </button>
            </form>
          </div>
        </div>
        <nav aria-label="Main" className="mx-auto max-w-7xl px-4">
          <ul className="flex flex-wrap gap-1">
            {items.map((i) => (
              <li key={i.href}>
                <Link
                  href={i.href}
                  className="inline-flex min-h-11 items-center rounded-t-md px-3 font-medium text-slate-800 hover:bg-slate-100 hover:text-teal-900"
                >
                  {i.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">
        {children}
      </main>
    </div>
  );
}
