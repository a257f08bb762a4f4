import Link from "next/link";
import { buttonClass } from "@/components/ui/button-class";
import type { Actor } from "../../identity/core/roles";
import { listPendingForms } from "../fill-forms.server";
import { getRequestContext } from "@/server/request-context";

/** Patient home: "Before your visit" with how many forms and how long they take (UX brief). */
export async function PendingFormsCard({ actor }: { actor: Actor }) {
  const { forms } = await listPendingForms({ kind: "portal", actor }, await getRequestContext());
  if (forms.length === 0) return null;
  const minutes = forms.reduce((s, f) => s + f.minutes, 0);
  return (
    <section aria-labelledby="forms-h" className="rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="forms-h" className="text-lg font-semibold">
        Before your visit
      </h2>
      <p className="mt-1 text-slate-700">
        {forms.length === 1 ? "1 short form" : `${forms.length} short forms`} to fill: about {minutes}{" "}
        {minutes === 1 ? "minute" : "minutes"}.
      </p>
      <Link href="/me/forms" className={`${buttonClass("primary")} mt-3 w-full sm:w-auto`}>
        Fill my forms
      </Link>
    </section>
  );
}
