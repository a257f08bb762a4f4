import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { registerFhirClientAction, revokeFhirClientAction } from "@/modules/fhir/actions";
import { RegisterClientForm, RevokeClientForm } from "@/modules/fhir/components/client-forms";
import { registrableScopes } from "@/modules/fhir/core/capability";
import { fhirBaseUrl, listFhirClients } from "@/modules/fhir/index.server";
import { requireActor } from "@/server/auth/actor";

export const metadata: Metadata = { title: "FHIR API clients" };

export default async function FhirClientsPage() {
  const actor = await requireActor(["ADMIN"]);
  const clients = await listFhirClients(actor);
  const base = fhirBaseUrl();
  return (
    <>
      <PageHeader
        title="FHIR API clients"
        description={`Systems (an EHR, a registry) that read the clinic's records at ${base} with SMART Backend Services. Each gets tokens at ${base}/auth/token by signing a request with its own key.`}
      />
      <section aria-labelledby="new-h" className="mb-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="new-h" className="mb-2 text-lg font-semibold">
          Register a client
        </h2>
        <RegisterClientForm action={registerFhirClientAction} scopes={registrableScopes} />
      </section>
      <section aria-labelledby="list-h" className="flex flex-col gap-3">
        <h2 id="list-h" className="text-lg font-semibold">
          Clients ({clients.length})
        </h2>
        {clients.map((c) => (
          <article key={c.id} aria-label={c.name} className="rounded-lg border border-slate-200 bg-white p-4">
            <p className="font-semibold">
              {c.name} · {c.revokedAt ? `Revoked ${c.revokedAt.toISOString().slice(0, 10)}` : "Active"}
            </p>
            <p className="text-sm text-slate-700">
              client_id <code>{c.id}</code> · keys {c.keyIds.join(", ")} · scopes {c.allowedScopes.join(" ")}
            </p>
            {c.revokedAt ? null : <RevokeClientForm action={revokeFhirClientAction.bind(null, c.id)} name={c.name} />}
          </article>
        ))}
      </section>
    </>
  );
}
