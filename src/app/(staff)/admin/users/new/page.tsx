import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { createUserAction } from "@/modules/identity/actions";
import { CreateUserForm } from "@/modules/identity/components/user-forms";
import { requireActor } from "@/server/auth/actor";

export const metadata: Metadata = { title: "Add account" };

export default async function NewUserPage() {
  await requireActor(["ADMIN"]);
  return (
    <>
      <PageHeader title="Add account" />
      <CreateUserForm action={createUserAction} />
    </>
  );
}
