"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { asFormData, formDataToObject, validationFailure, withoutSecrets, type FormState } from "@/lib/forms";
import { failureState } from "@/server/action-result";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";
import { addAddendum } from "./add-addendum.server";
import { saveVisitNote } from "./save-visit-note.server";
import { addendumSchema, noteFormToObject, noteInputSchema } from "./schemas";
import { parseInput } from "@/lib/input";

export async function saveNoteAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["CLINICIAN"]);
  const fd = asFormData(formData);
  const raw = noteFormToObject(fd);
  const values = formDataToObject(fd);
  values.virtualReasons = fd
    .getAll("virtualReasons")
    .filter((x) => typeof x === "string")
    .join(",");
  const parsed = parseInput(noteInputSchema, raw);
  if (!parsed.success) return validationFailure(parsed.error, values);
  let signed = false;
  try {
    const r = await saveVisitNote(actor, parsed.data, await getRequestContext());
    if (!r.ok) {
      const errors: Record<string, string[]> = {};
      for (const p of r.problems) (errors[p.field] ??= []).push(p.message);
      // A visit that cannot be completed is said first, in its own words; the rest is a to-do list.
      const blocker = r.problems.find((p) => p.field === "visit");
      const rest = r.problems.filter((p) => p.field !== "visit");
      const todo = rest.length ? `please complete: ${rest.map((p) => p.message.toLowerCase()).join("; ")}.` : "";
      return {
        status: "error",
        message: blocker ? `Not signed: ${blocker.message}.${todo ? ` Also ${todo}` : ""}` : `Not signed yet - ${todo}`,
        errors,
        values: withoutSecrets(values),
      };
    }
    signed = r.signed;
  } catch (e) {
    return failureState(e, values, "saveVisitNote");
  }
  revalidatePath(`/visits/${parsed.data.visitId}/note`);
  redirect(`/visits/${parsed.data.visitId}/note?${signed ? "signed=1" : "saved=1"}`);
}

export async function addAddendumAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["CLINICIAN"]);
  const values = formDataToObject(formData);
  const parsed = parseInput(addendumSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await addAddendum(actor, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "addAddendum");
  }
  revalidatePath(`/visits/${parsed.data.visitId}/note`);
  return { status: "success", message: "Addendum added." };
}
