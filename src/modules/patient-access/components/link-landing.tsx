import { buttonClass } from "@/components/ui/button-class";
import { inputClass } from "@/components/ui/field";
import { Notice } from "@/components/ui/form-status";
import { openLinkAction } from "../actions";
import { birthDateMessages, type BirthDateField } from "../core/birth-date";
import type { LinkPurpose } from "../core/purposes";

export type LandingProblem = { field: BirthDateField; missing: boolean } | { wrong: true; triesLeft: number } | null;

const copy: Record<LinkPurpose | "unknown", { title: string; intro: string[]; button: string; after: string | null }> =
  {
    forms: {
      title: "Forms before your visit",
      intro: [
        "Your care team asks you a few short questions about your pain and your mood. It takes about 4 minutes.",
        "Your answers go only to your care team.",
      ],
      button: "Start",
      after: "If you stop, open this link again to finish. It works until your forms are sent.",
    },
    "visit-join": {
      title: "Your video visit",
      intro: ["This link opens your visit: the time, how to get ready, and the video room when it opens."],
      button: "Open my visit",
      after: "You can open this link again, on this phone or another device, until your visit is over.",
    },
    "visit-guest": {
      title: "Join a video visit",
      intro: ["You are invited to join a video visit. The clinician will let you in from the waiting room."],
      button: "Continue",
      after: "You can open this link again until the visit is over.",
    },
    agreement: {
      title: "Your treatment agreement",
      intro: [
        "Your care team asks you to read and sign your agreement for treatment with opioid pain medicine. It takes about 5 minutes.",
        "You sign by typing your name.",
      ],
      button: "Open my agreement",
      after: "You can open this link again, on this phone or another device, until your agreement is signed.",
    },
    unknown: {
      title: "Your link from the clinic",
      intro: ["Press the button to open it."],
      button: "Continue",
      after: null,
    },
  };

/**
 * What a link shows before anything happens: no patient data, only what the link is for, and
 * one button (a plain POST). A join link asks for the patient's date of birth in the same form.
 */
export function LinkLanding({
  token,
  purpose,
  askBirthDate,
  problem,
}: {
  token: string;
  purpose: LinkPurpose | null;
  askBirthDate: boolean;
  problem: LandingProblem;
}) {
  // A link we cannot read the purpose of but that asks for a birth date is an older join link.
  const c = copy[purpose ?? (askBirthDate ? "visit-join" : "unknown")];
  const fieldError = problem && "field" in problem ? problem : null;
  return (
    <div className="flex flex-col gap-5">
      <h1 className="text-2xl font-bold">{c.title}</h1>
      {c.intro.map((p) => (
        <p key={p}>{p}</p>
      ))}
      {problem && "wrong" in problem ? (
        <Notice kind="error">
          <p className="font-semibold">That date of birth does not match our records.</p>
          <p>
            Please check it and try again.{" "}
            {problem.triesLeft === 1 ? "You have 1 try left" : `You have ${problem.triesLeft} tries left`}, then the
            link stops working and you will need to call the clinic.
          </p>
        </Notice>
      ) : null}
      <form action={openLinkAction} className="flex flex-col gap-4">
        <input type="hidden" name="token" value={token} />
        {askBirthDate ? (
          <>
            <input type="hidden" name="check" value="birth-date" />
            <fieldset className="flex flex-col gap-2" aria-describedby={`dob-hint${fieldError ? " dob-error" : ""}`}>
              <legend className="text-lg font-semibold">Your date of birth</legend>
              <p id="dob-hint" className="text-sm text-slate-700">
                {purpose === "agreement" ? "To keep your information private." : "To keep your visit private."} For
                example: 5 21 1962
              </p>
              {fieldError ? (
                <p id="dob-error" role="alert" className="font-medium text-red-800">
                  {fieldError.missing ? birthDateMessages.missing : birthDateMessages[fieldError.field]}
                </p>
              ) : null}
              <div className="flex gap-3">
                <BirthDatePart
                  name="month"
                  label="Month"
                  size="w-16"
                  maxLength={2}
                  autoComplete="bday-month"
                  invalid={fieldError?.field === "month"}
                />
                <BirthDatePart
                  name="day"
                  label="Day"
                  size="w-16"
                  maxLength={2}
                  autoComplete="bday-day"
                  invalid={fieldError?.field === "day"}
                />
                <BirthDatePart
                  name="year"
                  label="Year"
                  size="w-24"
                  maxLength={4}
                  autoComplete="bday-year"
                  invalid={fieldError?.field === "year"}
                />
              </div>
            </fieldset>
          </>
        ) : null}
        <div>
          <button type="submit" className={`${buttonClass("primary")} w-full sm:w-auto`}>
            {c.button}
          </button>
        </div>
      </form>
      {c.after ? <p className="text-sm text-slate-700">{c.after}</p> : null}
    </div>
  );
}

function BirthDatePart({
  name,
  label,
  size,
  maxLength,
  autoComplete,
  invalid,
}: {
  name: BirthDateField;
  label: string;
  size: string;
  maxLength: number;
  autoComplete: string;
  invalid: boolean;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={`dob-${name}`} className="font-medium">
        {label}
      </label>
      <input
        id={`dob-${name}`}
        name={name}
        inputMode="numeric"
        pattern="[0-9]*"
        maxLength={maxLength}
        autoComplete={autoComplete}
        required
        aria-invalid={invalid || undefined}
        className={`${inputClass} ${size}`}
      />
    </div>
  );
}
