import type { z } from "zod";

/**
 * The state a form's server action returns (Next.js Learn pattern), shown by useActionState in
 * an aria-live region. `values` echoes what the person typed so nothing is lost on an error,
 * also when the form was posted without JavaScript.
 */
export type FormState = {
  status: "idle" | "error" | "success";
  message?: string;
  errors?: Record<string, string[]>;
  values?: Record<string, string>;
};

export const idleForm: FormState = { status: "idle" };

/**
 * FormData -> plain object, dropping Next's own $ACTION_* fields so strict schemas still apply.
 * An action's arguments are whatever a client sends (any JSON, not only FormData): anything else
 * reads as an empty form, which the schema then refuses field by field. No prototype: a field
 * named __proto__ stays a field (parseInput refuses it by name).
 */
export function formDataToObject(fd: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(fd instanceof FormData)) return out;
  for (const [key, value] of fd.entries()) {
    if (key.startsWith("$ACTION")) continue;
    if (typeof value === "string") setOwn(out, key, value);
  }
  return out;
}

/**
 * obj[key] = value as an own property whatever the key ("__proto__" included), on a plain object:
 * React can pass only plain objects to client components, so no null prototypes.
 */
function setOwn<T>(obj: Record<string, T>, key: string, value: T): T {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  return value;
}

/** zod error -> field errors keyed by field name; unknown keys name the unexpected field. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  // Own properties only: a field named "__proto__" or "constructor" must not reach Object.prototype.
  const out: Record<string, string[]> = {};
  const add = (key: string, message: string) =>
    (Object.hasOwn(out, key) ? out[key]! : setOwn(out, key, [])).push(message);
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const k of issue.keys) add(k, `Unexpected field "${k}"`);
      continue;
    }
    add(issue.path.length ? issue.path.map(String).join(".") : "_form", issue.message);
  }
  return out;
}

export function validationFailure(error: z.ZodError, values: Record<string, string>, message?: string): FormState {
  const errors = fieldErrors(error);
  const names = Object.keys(errors).filter((k) => k !== "_form");
  return {
    status: "error",
    message: message ?? (names.length ? `Please correct: ${names.join(", ")}.` : "Please correct the form."),
    errors,
    values: withoutSecrets(values),
  };
}

export function withoutSecrets(values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values))
    if (!/password|token/i.test(k) && !/^(__proto__|constructor|prototype)$/.test(k)) out[k] = v;
  return out;
}

/** An action's FormData argument, or an empty one when a client sent something else. */
export function asFormData(fd: unknown): FormData {
  return fd instanceof FormData ? fd : new FormData();
}
