import "server-only";
import { z } from "zod";
import { formDataToObject, validationFailure, type FormState } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { failureState } from "@/server/action-result";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext, type RequestContext } from "@/server/request-context";
import type { Actor, Role } from "../identity/core/roles";

const uuid = z.string().uuid();

/**
 * The care program's form actions on one record (a visit, a patient, a clinician): the actor with
 * one of `roles`, the record id checked, the form parsed with `schema`, the use case run (it
 * authorizes, writes and audits), a refused call turned into the form's error, then `done`
 * refreshes the pages and says what happened. Used by huddle-actions.ts and dea-actions.ts.
 */
export async function recordFormAction<T>(
  action: {
    roles: readonly Role[];
    id: string;
    notFound: FormState;
    schema: z.ZodType<T>;
    /** The use case's name, for the server log of an unexpected failure. */
    label: string;
    run: (actor: Actor, input: T, ctx: RequestContext) => Promise<unknown>;
    done: (input: T) => FormState;
  },
  formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(action.roles);
  const values = formDataToObject(formData);
  if (!parseInput(uuid, action.id).success) return action.notFound;
  const parsed = parseInput(action.schema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await action.run(actor, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, action.label);
  }
  return action.done(parsed.data);
}
