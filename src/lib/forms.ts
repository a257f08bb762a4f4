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

/** FormData -> plain object, dropping Next's own $ACTION_* fields so strict schemas still apply. */
export function formDataToObject(fd: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of fd.entries()) {
    if (key.startsWith("$ACTION")) continue;
    if (typeof value === "string") out[key] = value;
  }
  return out;
}

/** zod error -> field errors keyed by field name; unknown keys name the unexpected field. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const k of issue.keys) (out[k] ??= []).push(`Unexpected field "${k}"`);
      continue;
    }
    const key = issue.path.length ? issue.path.map(String).join(".") : "_form";
    (out[key] ??= []).push(issue.message);
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
  for (const [k, v] of Object.entries(values)) if (!/password|token/i.test(k)) out[k] = v;
  return out;
}
