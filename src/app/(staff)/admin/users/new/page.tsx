import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { parseInput } from "@/lib/input";
import { createUserAction } from "@/modules/identity/actions";
import { LinkLookup } from "@/modules/identity/components/link-lookup";
import { CreateUserForm } from "@/modules/identity/components/user-forms";
import { lookupPatientForLinking } from "@/modules/identity/index.server";
import { linkLookupSchema } from "@/modules/identity/schemas";
import { requireActor } from "@/server/auth/actor";
import { flatParams, type SearchParams } from "@/server/page-data";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Add account" };

export default async function NewUserPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor(["ADMIN"]);
  const raw = await flatParams(searchParams, ["lookup"]);
  const parsed = parseInput(linkLookupSchema, raw);
  const result =
    parsed.success && parsed.data
      ? await lookupPatientForLinking(actor, parsed.data, await getRequestContext())
      : undefined;
  return (
    <>
      <PageHeader title="Add account" />
      <LinkLookup
        query={raw.lookup ?? ""}
        result={result}
        error={parsed.success ? undefined : "Enter an MRN or an email (no invisible characters)"}
      />
      <CreateUserForm action={createUserAction} />
    </>
  );
}
