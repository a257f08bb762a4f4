import { AppShell } from "@/components/app-shell";
import { SafetyAlertBanner } from "@/modules/assessments/components/safety-alert-banner";
import { staffRoles } from "@/modules/identity/core/roles";
import { requireActor } from "@/server/auth/actor";

export default async function StaffLayout({ children }: { children: React.ReactNode }) {
  // Layouts are not an authorization boundary (each page checks again); this one picks the shell.
  const actor = await requireActor(staffRoles);
  return (
    <AppShell actor={actor}>
      <SafetyAlertBanner actor={actor} />
      {children}
    </AppShell>
  );
}
