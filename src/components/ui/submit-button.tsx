"use client";

import { useFormStatus } from "react-dom";
import { buttonClass } from "./button-class";

/** Disabled while the form is posting, so a double click cannot submit twice from this page. */
export function SubmitButton({
  children,
  pendingText,
  variant = "primary",
  name,
  value,
}: {
  children: React.ReactNode;
  pendingText?: string;
  variant?: "primary" | "secondary" | "danger";
  name?: string;
  value?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      name={name}
      value={value}
      disabled={pending}
      aria-disabled={pending}
      className={buttonClass(variant)}
    >
      {pending ? (pendingText ?? "Saving…") : children}
    </button>
  );
}
