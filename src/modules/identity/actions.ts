"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { asFormData, formDataToObject, validationFailure, type FormState } from "@/lib/forms";
import { failureState } from "@/server/action-result";
import { requireActor } from "@/server/auth/actor";
import { sessionCookieName } from "@/server/auth/csrf";
import { revokeSession } from "@/server/auth/sign-in.server";
import { secureCookiesEnabled } from "@/server/env";
import { getRequestContext } from "@/server/request-context";
import { changeOwnPasswordSchema, createUserSchema, resetPasswordSchema, updateUserSchema } from "./schemas";
import { changeOwnPassword } from "./change-own-password.server";
import { createUser, resetUserPassword, setUserActive, updateUser } from "./edit-users.server";
import { parseInput } from "@/lib/input";

async function clearSessionCookie() {
  const jar = await cookies();
  jar.delete(sessionCookieName(secureCookiesEnabled()));
}

export async function signOutAction(formData: FormData): Promise<void> {
  const actor = await requireActor();
  const everywhere = asFormData(formData).get("scope") === "everywhere";
  await revokeSession(actor, await getRequestContext(), everywhere);
  await clearSessionCookie();
  redirect("/login?signedOut=1");
}

const idSchema = z.string().uuid();

export async function createUserAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["ADMIN"]);
  const values = formDataToObject(formData);
  const parsed = parseInput(createUserSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  let id: string;
  try {
    ({ id } = await createUser(actor, parsed.data, await getRequestContext()));
  } catch (e) {
    return failureState(e, values, "createUser");
  }
  revalidatePath("/admin/users");
  redirect(`/admin/users/${id}?created=1`);
}

export async function updateUserAction(userId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["ADMIN"]);
  const values = formDataToObject(formData);
  if (!parseInput(idSchema, userId).success) return { status: "error", message: "We could not find that account." };
  const parsed = parseInput(updateUserSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await updateUser(actor, userId, parsed.data, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "updateUser");
  }
  revalidatePath(`/admin/users/${userId}`);
  return { status: "success", message: "Account saved." };
}

export async function setUserActiveAction(userId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["ADMIN"]);
  if (!parseInput(idSchema, userId).success) return { status: "error", message: "We could not find that account." };
  const active = parseInput(z.enum(["true", "false"]), asFormData(formData).get("active"));
  if (!active.success)
    return {
      status: "error",
      message: "Choose activate or deactivate.",
      errors: { active: ["Must be true or false"] },
    };
  try {
    await setUserActive(actor, userId, active.data === "true", await getRequestContext());
  } catch (e) {
    return failureState(e, {}, "setUserActive");
  }
  revalidatePath(`/admin/users/${userId}`);
  return {
    status: "success",
    message: active.data === "true" ? "Account reactivated." : "Account deactivated. Their open sessions have ended.",
  };
}

export async function resetPasswordAction(userId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor(["ADMIN"]);
  const values = formDataToObject(formData);
  if (!parseInput(idSchema, userId).success) return { status: "error", message: "We could not find that account." };
  const parsed = parseInput(resetPasswordSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await resetUserPassword(actor, userId, parsed.data.password, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "resetPassword");
  }
  return {
    status: "success",
    message: "Password reset. Their open sessions have ended; give them the new password securely.",
  };
}

export async function changeOwnPasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await requireActor();
  const values = formDataToObject(formData);
  const parsed = parseInput(changeOwnPasswordSchema, values);
  if (!parsed.success) return validationFailure(parsed.error, values);
  try {
    await changeOwnPassword(actor, parsed.data.currentPassword, parsed.data.newPassword, await getRequestContext());
  } catch (e) {
    return failureState(e, values, "changeOwnPassword");
  }
  await clearSessionCookie();
  redirect("/login?signedOut=1");
}
