import type { Metadata } from "next";
import Link from "next/link";
import { IconText } from "@/components/ui/icon";
import { cancelledIcon, doneIcon, heldIcon, pendingIcon, warningIcon } from "@/components/ui/icons";
import { Notice } from "@/components/ui/form-status";
import { PageHeader } from "@/components/ui/page-header";
import { clinicTimeZone, listOutbox } from "@/modules/scheduling/index.server";
import { ModalityChip } from "@/modules/scheduling/components/visit-chips";
import { formatInZone } from "@/modules/scheduling/core/time";
import { requireActor } from "@/server/auth/actor";

export const metadata: Metadata = { title: "Reminders" };

const statusText = {
  PENDING: { icon: pendingIcon, text: "Waiting to send" },
  SENT: { icon: doneIcon, text: "Sent" },
  HELD: { icon: heldIcon, text: "Not sent - pass on by phone" },
  FAILED: { icon: warningIcon, text: "Failed" },
  CANCELLED: { icon: cancelledIcon, text: "Cancelled" },
} as const;

export default async function RemindersPage() {
  const actor = await requireActor(["COORDINATOR", "CLINICIAN", "ADMIN"]);
  const outbox = await listOutbox(actor);
  const tz = clinicTimeZone();
  return (
    <>
      <PageHeader
        title="Reminders"
        description={`Visit reminders (24 hours and 1 hour before). Times in clinic time (${tz}).`}
      />
      <div className="mb-4 flex flex-col gap-2">
        {!outbox.senderConfigured ? (
          <Notice kind="warning">
            Email is not set up (SMTP_URL), so reminders are not sent. They are kept here: please remind these patients
            by phone.
          </Notice>
        ) : null}
        <p role="status" className="flex flex-wrap gap-x-4 gap-y-1">
          {Object.keys(outbox.counts).length === 0 ? "No reminders yet." : null}
          {Object.entries(outbox.counts).map(([k, n]) => {
            const s = statusText[k as keyof typeof statusText];
            return s ? (
              <IconText key={k} icon={s.icon}>{`${s.text}: ${n}`}</IconText>
            ) : (
              <span key={k}>{`${k}: ${n}`}</span>
            );
          })}
        </p>
      </div>
      {outbox.rows.length ? (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left">
            <caption className="sr-only">Reminders waiting, held or failed</caption>
            <thead className="bg-slate-100 text-sm">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Send at
                </th>
                <th scope="col" className="px-3 py-2">
                  Patient
                </th>
                <th scope="col" className="px-3 py-2">
                  Visit
                </th>
                <th scope="col" className="px-3 py-2">
                  Status
                </th>
                <th scope="col" className="px-3 py-2">
                  Note
                </th>
              </tr>
            </thead>
            <tbody>
              {outbox.rows.map((r) => (
                <tr key={r.id} className="border-t border-slate-200">
                  <td className="px-3 py-2">
                    {formatInZone(new Date(r.sendAfter), tz)} ({r.kind})
                  </td>
                  <td className="px-3 py-2">{r.patientName}</td>
                  <td className="px-3 py-2">
                    {actor.role === "ADMIN" ? (
                      formatInZone(new Date(r.startsAt), tz)
                    ) : (
                      <Link href={`/visits/${r.visitId}`} className="underline">
                        {formatInZone(new Date(r.startsAt), tz)}
                      </Link>
                    )}{" "}
                    · <ModalityChip modality={r.modality} />
                  </td>
                  <td className="px-3 py-2">
                    <IconText icon={statusText[r.status].icon}>{statusText[r.status].text}</IconText>
                  </td>
                  <td className="px-3 py-2 text-sm">
                    {r.note ?? ""}
                    {r.attempts > 1 ? ` (${r.attempts} tries)` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Nothing waiting, held or failed.</p>
      )}
    </>
  );
}
