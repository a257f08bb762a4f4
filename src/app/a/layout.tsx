import { connection } from "next/server";
import { LinkShell } from "@/modules/patient-access/components/link-shell";
import { getEnv } from "@/server/env";

/** The treatment agreement opened from a secure link (no account). */
export default async function LinkAgreementLayout({ children }: { children: React.ReactNode }) {
  // Per-request rendering: the CSP nonce and the clinic name come from the running server.
  await connection();
  return <LinkShell clinicName={getEnv().CLINIC_NAME}>{children}</LinkShell>;
}
