import type { Metadata } from "next";
import { isEndedReason, LinkEnded } from "@/modules/patient-access/components/link-ended";

export const metadata: Metadata = { title: "Link ended" };

/** The one page for every link that cannot be used (any purpose) and every ended link session. */
export default async function LinkExpiredPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { reason } = await searchParams;
  return <LinkEnded reason={isEndedReason(reason) ? reason : "expired"} />;
}
