import Link from "next/link";
import { buttonClass } from "@/components/ui/button-class";
import { Chip } from "@/components/ui/icon";
import { overdueIcon } from "@/components/ui/icons";
import { formatInstant } from "../core/format";
import type { PatientUdtOverview } from "../udt-orders.server";
import { InterpretationChip, OverdueBadge, StateChip } from "./status";

const methodLabel = {
  LAB_PSC: "Lab / patient service center",
  HOME_KIT_VIDEO_OBSERVED: "Home kit, video-observed",
} as const;

/** The chart's urine drug test section: last test and days since, then the orders. */
export function UdtChartSection({
  patientId,
  overview,
  canOrder,
  timeZone,
}: {
  patientId: string;
  overview: PatientUdtOverview;
  canOrder: boolean;
  timeZone: string;
}) {
  const { lastTest, orders } = overview;
  return (
    <section aria-labelledby="udt-h" className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id="udt-h" className="text-lg font-semibold">
          Urine drug tests
        </h2>
        {canOrder ? (
          <Link href={`/patients/${patientId}/udt/new`} className={buttonClass("secondary")}>
            Order urine drug test
          </Link>
        ) : null}
      </div>
      <p className="mb-3" data-testid="udt-last-test">
        <span className="text-slate-600">Last test: </span>
        {lastTest.lastCollectedAt ? (
          <span className="font-medium">
            {formatInstant(lastTest.lastCollectedAt, timeZone)} ({lastTest.daysSince} days ago)
          </span>
        ) : (
          <span className="font-medium">None on record</span>
        )}{" "}
        {lastTest.overdue ? (
          <Chip icon={overdueIcon} tone="warn" strong>
            Over {lastTest.intervalDays} days: consider whether a test is needed
          </Chip>
        ) : null}
      </p>
      {orders.length === 0 ? (
        <p className="text-slate-700">No orders yet.</p>
      ) : (
        <ul className="flex flex-col divide-y divide-slate-200">
          {orders.map((o) => (
            <li key={o.id} className="flex flex-wrap items-center gap-2 py-2">
              <Link
                href={`/patients/${patientId}/udt/${o.id}`}
                className="font-medium text-teal-900 underline underline-offset-2"
              >
                Ordered {formatInstant(o.createdAt, timeZone)}
              </Link>
              <StateChip state={o.state} />
              <InterpretationChip value={o.interpretation} />
              {o.overdue ? <OverdueBadge escalated={o.state === "WINDOW_MISSED"} /> : null}
              <span className="text-sm text-slate-700">
                {methodLabel[o.collectionMethod]} · next: {o.dueStep}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
