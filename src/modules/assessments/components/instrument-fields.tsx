import { Icon } from "@/components/ui/icon";
import { warningIcon } from "@/components/ui/icons";
import { instruments, type Instrument, type InstrumentCode } from "../core/instruments";

/**
 * The page's own words around an instrument, in the page's language (patient pages,
 * docs/decisions/i18n.md); without them the English defaults. `instrumentLang` marks the
 * instrument's wording when it is not in the page's language (the English form on a Spanish page).
 */
export type FieldTexts = {
  /** "Question 3 of 9", per item in order. */
  question: string[];
  optional: string;
  /** The message shown for an item that was left unanswered, per item in order. */
  chooseAnswer: string[];
  instrumentLang?: string;
};

/**
 * The questions of one instrument, in its own wording: every answer is a whole-row tappable label
 * (>= 48 px) around a real radio button, inside a fieldset whose legend is the question. No hooks,
 * so it renders in client forms and in the zero-JavaScript patient page alike.
 */
export function InstrumentFields({
  instrument,
  errors,
  values,
  initialAnswers,
  texts,
  wording,
}: {
  instrument: InstrumentCode;
  errors?: Record<string, string[]>;
  values?: Record<string, string>;
  initialAnswers?: Record<string, number>;
  texts?: FieldTexts;
  /** An approved translation's wording (same items and values); the original when absent. */
  wording?: Instrument;
}) {
  const inst = wording ?? instruments[instrument];
  const chosen = (itemId: string): string | undefined => {
    const fromState = values?.[`q_${itemId}`];
    if (fromState !== undefined) return fromState;
    const init = initialAnswers?.[itemId];
    return init === undefined ? undefined : String(init);
  };
  return (
    <>
      <input type="hidden" name="instrument" value={instrument} />
      <p className="text-lg font-medium text-slate-900" lang={texts?.instrumentLang}>
        {inst.stem}
      </p>
      {inst.items.map((item, i) => {
        const field = `q_${item.id}`;
        const errs = errors?.[field]?.length && texts ? [texts.chooseAnswer[i]!] : errors?.[field];
        const value = chosen(item.id);
        return (
          <fieldset
            key={item.id}
            className="flex flex-col gap-2"
            aria-describedby={errs?.length ? `${field}-error` : undefined}
          >
            <legend className="mb-2 text-lg font-semibold text-slate-900">
              <span className="block text-sm font-medium text-slate-600">
                {texts ? texts.question[i] : `Question ${item.number} of ${inst.items.length}`}
                {item.required ? "" : ` ${texts?.optional ?? "(you may skip this one)"}`}
              </span>
              <span lang={texts?.instrumentLang}>{item.text}</span>
            </legend>
            {errs?.length ? (
              <p id={`${field}-error`} className="flex items-start gap-1 font-medium text-red-800">
                <Icon icon={warningIcon} className="mt-0.5" />
                <span>{errs.join(" ")}</span>
              </p>
            ) : null}
            <div className={inst.code === "PEG" ? "grid grid-cols-1 gap-2 sm:grid-cols-2" : "flex flex-col gap-2"}>
              {item.options.map((o) => (
                <label
                  key={o.value}
                  className="flex min-h-12 cursor-pointer items-center gap-3 rounded-lg border border-slate-400 bg-white px-4 py-2 text-base hover:border-teal-700 has-checked:border-2 has-checked:border-teal-800 has-checked:bg-teal-50 has-focus-visible:ring-2 has-focus-visible:ring-teal-700"
                >
                  <input
                    type="radio"
                    name={field}
                    value={o.value}
                    defaultChecked={value === String(o.value)}
                    className="h-5 w-5 shrink-0 accent-teal-800"
                  />
                  <span lang={texts?.instrumentLang}>{o.label}</span>
                </label>
              ))}
            </div>
          </fieldset>
        );
      })}
    </>
  );
}
