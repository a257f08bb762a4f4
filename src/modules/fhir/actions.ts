"use server";

import { revalidatePath } from "next/cache";
import { formDataToObject, validationFailure, type FormState } from "@/lib/forms";
import { parseInput } from "@/lib/input";
import { failureState } from "@/server/action-result";
import { requireActor } from "@/server/auth/actor";
import { getRequestContext } from "@/server/request-context";
import { registerFhirClient, revokeFhirClient } from "./manage-clients.server";
import { registerClientSchema, revokeClientSchema } from "./schemas";

/** The scope checkboxes are named "scope:<scope>"; the schema reads them as one list. */
function withScopes(values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const scopes: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    if (k.startsWith("scope:")) {
      if (v === "on") scopes.push(k.slice("scope:".length));
    } else out[k] = v;
  }
  return { ...out, scopes: scopes.join(" ") };
}

export async function registerFhirClientAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["ADMIN"]);
  const values = formDataToObject(formData);
  const parsed = parseInput(registerClientSchema, withScopes(values));
  if (!parsed.success) return validationFailure(parsed.error, values);
  let id: string;
  try {
    ({ id } = await registerFhirClient(actor, parsed.data, await getRequestContext()));
  } catch (e) {
    return failureState(e, values, "registerFhirClient");
  }
  revalidatePath("/admin/fhir-clients");
  return { status: "success", message: `Client registered. Its client_id is ${id}.` };
}

export async function revokeFhirClientAction(
  clientId: string,
  _prev: FormState,
  _formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(["ADMIN"]);
  const parsed = parseInput(revokeClientSchema, { clientId });
  if (!parsed.success) return { status: "error", message: "We could not find that client." };
  try {
    await revokeFhirClient(actor, parsed.data.clientId, await getRequestContext());
  } catch (e) {
    return failureState(e, {}, "revokeFhirClient");
  }
  revalidatePath("/admin/fhir-clients");
  return { status: "success", message: "Client revoked: its tokens no longer work." };
}
