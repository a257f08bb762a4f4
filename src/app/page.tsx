import { redirect } from "next/navigation";
import { roleHome } from "@/modules/identity/core/roles";
import { getActor } from "@/server/auth/actor";

export default async function Home() {
  const actor = await getActor();
  redirect(actor ? roleHome[actor.role] : "/login");
}
