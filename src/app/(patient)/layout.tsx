import { AppShell } from "@/components/app-shell";
import { requireActor } from "@/server/auth/actor";

export default async function PatientLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor(["PATIENT"]);
  return <AppShell actor={actor}>{children}</AppShell>;
}
