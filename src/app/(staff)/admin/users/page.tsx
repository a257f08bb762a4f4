import type { Metadata } from "next";
import Link from "next/link";
import { IconText } from "@/components/ui/icon";
import { cancelledIcon, doneIcon } from "@/components/ui/icons";
import { buttonClass } from "@/components/ui/button-class";
import { PageHeader } from "@/components/ui/page-header";
import { roleLabels } from "@/modules/identity/core/roles";
import { listUsers } from "@/modules/identity/index.server";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const actor = await requireActor(["ADMIN"]);
  const users = await listUsers(actor, await getRequestContext());
  return (
    <>
      <PageHeader
        title="Users"
        description="Staff and patient accounts. Deactivating an account ends its sessions at once."
        actions={
          <Link href="/admin/users/new" className={buttonClass("primary")}>
            Add account
          </Link>
        }
      />
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left">
          <caption className="sr-only">User accounts</caption>
          <thead className="bg-slate-100 text-sm">
            <tr>
              <th scope="col" className="px-3 py-2">
                Name
              </th>
              <th scope="col" className="px-3 py-2">
                Email
              </th>
              <th scope="col" className="px-3 py-2">
                Role
              </th>
              <th scope="col" className="px-3 py-2">
                Status
              </th>
              <th scope="col" className="px-3 py-2">
                Linked patient
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className="border-t border-slate-200">
                <td className="px-3 py-2">
                  <Link
                    href={`/admin/users/${u.id}`}
                    className="font-semibold text-teal-900 underline underline-offset-2"
                  >
                    {u.name}
                  </Link>
                </td>
                <td className="px-3 py-2">{u.email}</td>
                <td className="px-3 py-2">{roleLabels[u.role]}</td>
                <td className="px-3 py-2">
                  {u.active ? (
                    <IconText icon={doneIcon}>Active</IconText>
                  ) : (
                    <IconText icon={cancelledIcon}>Deactivated</IconText>
                  )}
                </td>
                <td className="px-3 py-2">{u.patient ? `MRN ${u.patient.mrn}` : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
