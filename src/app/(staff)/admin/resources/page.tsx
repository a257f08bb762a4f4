import type { Metadata } from "next";
import { buttonClass } from "@/components/ui/button-class";
import { PageHeader } from "@/components/ui/page-header";
import { toggleResourceAction } from "@/modules/care-plan/actions";
import { listAllResources } from "@/modules/care-plan/index.server";
import { AddResourceForm } from "@/modules/care-plan/components/admin-forms";
import { requireActor } from "@/server/auth/actor";

export const metadata: Metadata = { title: "Resource catalog" };

export default async function ResourcesPage() {
  const actor = await requireActor(["ADMIN"]);
  const resources = await listAllResources(actor);
  return (
    <>
      <PageHeader
        title="Self-management resources"
        description="What clinicians can recommend. The first five come from the Six Building Blocks telemedicine handout."
      />
      <ul className="mb-8 grid gap-3 md:grid-cols-2">
        {resources.map((r) => (
          <li key={r.id} className="rounded-lg border border-slate-200 bg-white p-3">
            <p className="font-semibold">
              {r.name} {r.active ? "" : <span className="text-slate-600">(hidden)</span>}
            </p>
            <p className="text-sm">{r.purpose}</p>
            <p className="text-sm break-all">
              <a href={r.url} className="underline" rel="noopener noreferrer">
                {r.url}
              </a>
            </p>
            <form action={toggleResourceAction} className="mt-2">
              <input type="hidden" name="id" value={r.id} />
              <input type="hidden" name="active" value={r.active ? "false" : "true"} />
              <button type="submit" className={buttonClass("secondary")}>
                {r.active ? `Hide ${r.name}` : `Show ${r.name}`}
              </button>
            </form>
          </li>
        ))}
      </ul>
      <h2 className="mb-3 text-lg font-semibold">Add a resource</h2>
      <AddResourceForm />
    </>
  );
}
