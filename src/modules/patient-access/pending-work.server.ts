import "server-only";
import { db } from "@/server/db";
import { agreementNeedsSignature, agreementStatus } from "../consent/core/agreement-rules";
import type { LinkPurpose } from "./core/purposes";

/**
 * For links that work only while there is work to do (purposes with reuse "while-work-pending"):
 * is there still some for this patient? Read straight from the table that holds the work (no
 * import of the owning module, which itself reads link sessions through this module).
 */
export async function hasPendingWork(purpose: LinkPurpose, link: { patientId: string }): Promise<boolean> {
  switch (purpose) {
    case "forms":
      return (await db.formRequest.count({ where: { patientId: link.patientId, status: "PENDING" } })) > 0;
    case "agreement": {
      // Until the patient has a current agreement that is not near its renewal (consent core's rule).
      const records = await db.consentRecord.findMany({
        where: { patientId: link.patientId, kind: "OPIOID_AGREEMENT" },
        select: { id: true, kind: true, capturedAt: true, expiresAt: true, revokedAt: true },
      });
      return agreementNeedsSignature(agreementStatus(records, new Date()));
    }
    case "visit-join":
    case "visit-guest":
      return true;
  }
}
