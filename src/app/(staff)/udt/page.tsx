import type { Metadata } from "next";
import Link from "next/link";
import { Notice } from "@/components/ui/form-status";
import { PageHeader } from "@/components/ui/page-header";
import { careTeamRoles } from "@/modules/identity/core/roles";
import { eventLabels, udtEvents, type UdtEvent } from "@/modules/udt/core/machine";
import { UdtQueueTable } from "@/modules/udt/components/queue-table";
import { udtQueueSchema } from "@/modules/udt/schemas";
import { listUdtQueue } from "@/modules/udt/index.server";
import { requireActor } from "@/server/auth/actor";
import { getEnv } from "@/server/env";
import { flatParams, type SearchParams } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";
import { parseInput } from "@/lib/input";

export const metadata: Metadata = { title: "Urine drug test queue" };

const problems: Record<string, string> = {
  stale: "This order changed - reload: someone else took a step first. Nothing was saved.",
  not_allowed: "That step is not allowed in the order's current state. Nothing was saved.",
  not_found: "We could not find that order. Nothing was saved.",
  validation: "Please open the order and complete the step there. Nothing was saved.",
  invalid: "That request was not valid. Nothing was saved.",
  internal: "Something went wrong on our side. Nothing was saved; try again.",
};

export default async function UdtQueuePage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor(careTeamRoles);
  const raw = await flatParams(searchParams, ["queue", "page", "pageSize", "done", "problem"]);
  const queue =
    actor.role === "COORDINATOR" ? "coordinator" : raw.queue === "coordinator" ? "coordinator" : "clinician";
  const parsed = parseInput(udtQueueSchema, { page: raw.page, pageSize: raw.pageSize });
  const paging = parsed.success ? parsed.data : { page: 1, pageSize: 50 };
  const now = new Date();
  const data = await listUdtQueue(actor, { queue, ...paging }, await getRequestContext(), now);
  const tz = getEnv().CLINIC_TIME_ZONE;
  const done =
    raw.done && (udtEvents as readonly string[]).includes(raw.done) ? eventLabels[raw.done as UdtEvent] : null;
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const link = (q: Record<string, string>) => `/udt?${new URLSearchParams({ queue, ...q })}`;
  return (
    <>
      <PageHeader
        title="Urine drug tests"
        description={
          queue === "coordinator"
            ? "Coordinator queue: instructions, collections, results, confirmations. Overdue first."
            : "Clinician queue: results to review and discussions to document. Overdue first."
        }
      />
      {actor.role === "CLINICIAN" ? (
        <nav aria-label="Queues" className="mb-4 flex gap-3">
          <Link
            href="/udt?queue=clinician"
            aria-current={queue === "clinician" ? "page" : undefined}
            className="underline underline-offset-2 aria-[current=page]:font-bold"
          >
            My review queue
          </Link>
          <Link
            href="/udt?queue=coordinator"
            aria-current={queue === "coordinator" ? "page" : undefined}
            className="underline underline-offset-2 aria-[current=page]:font-bold"
          >
            Coordinator queue
          </Link>
        </nav>
      ) : null}
      <div className="mb-4 flex flex-col gap-2">
        {done ? <Notice kind="success">Saved: {done}.</Notice> : null}
        {raw.problem ? <Notice kind="error">{problems[raw.problem] ?? problems.invalid}</Notice> : null}
      </div>
      <p className="mb-3" role="status">
        {data.total} open · <span className="font-semibold">{data.overdue} overdue</span>
      </p>
      <UdtQueueTable queue={queue} data={data} now={now} timeZone={tz} />
      {pages > 1 ? (
        <nav aria-label="Pages" className="mt-4 flex items-center gap-3">
          {data.page > 1 ? (
            <Link href={link({ page: String(data.page - 1) })} className="underline">
              Previous page
            </Link>
          ) : null}
          <span>
            Page {data.page} of {pages}
          </span>
          {data.page < pages ? (
            <Link href={link({ page: String(data.page + 1) })} className="underline">
              Next page
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
