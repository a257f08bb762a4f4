import type { Instrument, InstrumentCode } from "./instruments";
import { instruments } from "./instruments";

/**
 * An instrument translation as imported by an admin from the authors' published text
 * (docs/decisions/i18n.md, "Instrument translations"): the stem, every item's text and every
 * answer option's label, keyed by the instrument's own item ids and option values, so the
 * scoring cannot change. It is shown to patients only after a clinician approves it. We never
 * write one ourselves.
 */
export type TranslationText = {
  stem: string;
  items: Record<string, { text: string; options: Record<string, string> }>;
};

/** Every item and option covered, nothing extra, nothing blank. Problems are in plain words. */
export function checkTranslation(
  code: InstrumentCode,
  text: TranslationText,
): { ok: true } | { ok: false; problems: string[] } {
  const inst = instruments[code];
  const problems: string[] = [];
  if (!text.stem.trim()) problems.push("The instructions above the questions are missing.");
  const ids = new Set(inst.items.map((i) => i.id));
  for (const id of Object.keys(text.items))
    if (!ids.has(id)) problems.push(`There is no question "${id}" in the ${code}.`);
  for (const item of inst.items) {
    const t = text.items[item.id];
    if (!t || !t.text.trim()) {
      problems.push(`Question ${item.number} has no text.`);
      continue;
    }
    const values = new Set(item.options.map((o) => String(o.value)));
    for (const v of Object.keys(t.options))
      if (!values.has(v)) problems.push(`Question ${item.number} has no answer ${v}.`);
    for (const o of item.options)
      if (!t.options[String(o.value)]?.trim()) problems.push(`Question ${item.number}, answer ${o.value} has no text.`);
  }
  return problems.length ? { ok: false, problems } : { ok: true };
}

/** The instrument with the translation's wording: same ids, values and scoring. */
export function translatedInstrument(code: InstrumentCode, text: TranslationText): Instrument {
  const inst = instruments[code];
  return {
    ...inst,
    stem: text.stem,
    items: inst.items.map((item) => ({
      ...item,
      text: text.items[item.id]?.text ?? item.text,
      options: item.options.map((o) => ({ ...o, label: text.items[item.id]?.options[String(o.value)] ?? o.label })),
    })),
  };
}
