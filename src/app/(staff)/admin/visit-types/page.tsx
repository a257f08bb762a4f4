import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { IconText } from "@/components/ui/icon";
import { cancelledIcon, doneIcon } from "@/components/ui/icons";
import { saveVisitTypeAction } from "@/modules/scheduling/actions";
import { listVisitTypes } from "@/modules/scheduling/index.server";
import { VisitTypeForm } from "@/modules/scheduling/components/admin-forms";
import { requireActor } from "@/server/auth/actor";

export const metadata: Metadata = { title: "Visit types" };

export default async function VisitTypesPage() {
  const actor = await requireActor(["ADMIN"]);
  const types = await listVisitTypes(actor, { includeInactive: true });
  return (
    <>
      <PageHeader
        title="Visit types"
        description="What coordinators can book, and how long each takes. Turning a type off keeps its booked visits."
      />
      <section aria-labelledby="new-h" className="mb-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="new-h" className="mb-2 text-lg font-semibold">
          Add a visit type
        </h2>
        <VisitTypeForm
          idPrefix="new"
          action={saveVisitTypeAction.bind(null, null)}
          initial={{ name: "", durationMinutes: "30", active: true }}
          submitLabel="Add visit type"
        />
      </section>
      <section aria-labelledby="list-h" className="flex flex-col gap-3">
        <h2 id="list-h" className="text-lg font-semibold">
          Visit types ({types.length})
        </h2>
        {types.map((t) => (
          <article key={t.id} aria-label={t.name} className="rounded-lg border border-slate-200 bg-white p-4">
            <p className="mb-2 font-semibold">
              {t.name} · {t.durationMinutes} min ·{" "}
              {t.active ? (
                <IconText icon={doneIcon}>Can be booked</IconText>
              ) : (
                <IconText icon={cancelledIcon}>Turned off</IconText>
              )}
            </p>
            <details>
              <summary className="cursor-pointer underline">
                Edit<span className="sr-only"> {t.name}</span>
              </summary>
              <VisitTypeForm
                idPrefix={`t-${t.id}`}
                action={saveVisitTypeAction.bind(null, t.id)}
                initial={{ name: t.name, durationMinutes: String(t.durationMinutes), active: t.active }}
                submitLabel="Save"
              />
            </details>
          </article>
        ))}
      </section>
    </>
  );
}
