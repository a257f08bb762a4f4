import type { ReactNode } from "react";
import { Icon } from "./icon";
import { warningIcon } from "./icons";

/**
 * Labelled form controls. Errors are linked with aria-describedby and marked aria-invalid, so a
 * screen reader announces which field is wrong and why. Work in server and client components.
 */
type Common = {
  name: string;
  label: string;
  errors?: string[];
  hint?: ReactNode;
  required?: boolean;
  className?: string;
  /** Defaults to name; set it when two forms on one page share a field name. */ id?: string;
};

function describe(name: string, errors?: string[], hint?: ReactNode) {
  const ids = [hint ? `${name}-hint` : null, errors?.length ? `${name}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Messages({ name, errors, hint }: { name: string; errors?: string[]; hint?: ReactNode }) {
  return (
    <>
      {hint ? (
        <p id={`${name}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={`${name}-error`} className="flex items-start gap-1 text-sm font-medium text-red-700">
          <Icon icon={warningIcon} className="mt-0.5" />
          <span>{errors.join(" ")}</span>
        </p>
      ) : null}
    </>
  );
}

/** The label, the control and its hint and errors: the frame every text-like field shares. */
function Labelled({
  fid,
  label,
  required,
  className,
  errors,
  hint,
  children,
}: {
  fid: string;
  label: string;
  required?: boolean;
  className?: string;
  errors?: string[];
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className={`flex flex-col gap-1 ${className ?? ""}`}>
      <label htmlFor={fid} className="font-medium text-slate-900">
        {label}
        {required ? <span className="text-slate-600"> (required)</span> : null}
      </label>
      {children}
      <Messages name={fid} errors={errors} hint={hint} />
    </div>
  );
}

/** A control's error state for assistive technology: invalid when it has errors, described by its hint and errors. */
function a11y(fid: string, errors?: string[], hint?: ReactNode) {
  return { "aria-invalid": errors?.length ? true : undefined, "aria-describedby": describe(fid, errors, hint) };
}

export const inputClass =
  "block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus:border-teal-700 focus:outline-none focus:ring-2 focus:ring-teal-700 aria-[invalid=true]:border-red-700";

export function TextField({
  name,
  id,
  label,
  errors,
  hint,
  required,
  className,
  type = "text",
  defaultValue,
  autoComplete,
  inputMode,
  maxLength,
  placeholder,
}: Common & {
  type?: "text" | "email" | "password" | "date" | "tel" | "search" | "number" | "datetime-local";
  defaultValue?: string | null;
  autoComplete?: string;
  inputMode?: "text" | "tel" | "email" | "numeric" | "search";
  maxLength?: number;
  placeholder?: string;
}) {
  const fid = id ?? name;
  return (
    <Labelled fid={fid} label={label} required={required} className={className} errors={errors} hint={hint}>
      <input
        id={fid}
        name={name}
        type={type}
        defaultValue={defaultValue ?? undefined}
        required={required}
        autoComplete={autoComplete}
        inputMode={inputMode}
        maxLength={maxLength}
        placeholder={placeholder}
        {...a11y(fid, errors, hint)}
        className={inputClass}
      />
    </Labelled>
  );
}

export function TextAreaField({
  name,
  id,
  label,
  errors,
  hint,
  required,
  className,
  defaultValue,
  maxLength,
  rows = 3,
}: Common & { defaultValue?: string | null; maxLength?: number; rows?: number }) {
  const fid = id ?? name;
  return (
    <Labelled fid={fid} label={label} required={required} className={className} errors={errors} hint={hint}>
      <textarea
        id={fid}
        name={name}
        rows={rows}
        defaultValue={defaultValue ?? undefined}
        required={required}
        maxLength={maxLength}
        {...a11y(fid, errors, hint)}
        className={inputClass}
      />
    </Labelled>
  );
}

export function SelectField({
  name,
  id,
  label,
  errors,
  hint,
  required,
  className,
  options,
  defaultValue,
  placeholder,
}: Common & { options: { value: string; label: string }[]; defaultValue?: string | null; placeholder?: string }) {
  const fid = id ?? name;
  return (
    <Labelled fid={fid} label={label} required={required} className={className} errors={errors} hint={hint}>
      {/* keyed by its default: React 19 resets forms after an action, and a <select> only reads
          defaultValue when it mounts, so a changed default (the echoed input) needs a remount. */}
      <select
        key={defaultValue ?? ""}
        id={fid}
        name={name}
        defaultValue={defaultValue ?? ""}
        required={required}
        {...a11y(fid, errors, hint)}
        className={inputClass}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

export function CheckboxField({
  name,
  id,
  label,
  errors,
  hint,
  className,
  defaultChecked,
}: Common & { defaultChecked?: boolean }) {
  const fid = id ?? name;
  return (
    <div className={`flex flex-col gap-1 ${className ?? ""}`}>
      <div className="flex min-h-11 items-center gap-3">
        <input
          key={String(defaultChecked)}
          id={fid}
          name={name}
          type="checkbox"
          defaultChecked={defaultChecked}
          {...a11y(fid, errors, hint)}
          className="h-5 w-5 accent-teal-700"
        />
        <label htmlFor={fid} className="font-medium text-slate-900">
          {label}
        </label>
      </div>
      <Messages name={fid} errors={errors} hint={hint} />
    </div>
  );
}
