/**
 * The two recommended assessments as data (docs/clinical-reference.md#peg-items and docs/clinical-reference.md#phq-9-items; Six Building Blocks handout 2021.05.18).
 * The wording below is the instruments' own and must not be paraphrased: scores are only
 * comparable with the published ones when patients answer the published questions.
 */
export const instrumentCodes = ["PEG", "PHQ9"] as const;
export type InstrumentCode = (typeof instrumentCodes)[number];

export type AnswerOption = { value: number; label: string };

export type InstrumentItem = {
  /** Stable key used in stored answers and form field names (q_<id>). */
  id: string;
  /** Number shown to people ("Question 3"). */
  number: number;
  loinc: string;
  text: string;
  /** Counted in the score. PHQ-9 item 10 is asked but not scored. */
  scored: boolean;
  required: boolean;
  options: readonly AnswerOption[];
};

export type Instrument = {
  code: InstrumentCode;
  /** Clinical name for staff. */
  name: string;
  /** Plain-words title for patients. */
  patientTitle: string;
  /** Bump when wording, options or scoring change; stored with every response. */
  version: string;
  citation: string;
  loincPanel: string;
  loincScore: string;
  /** The instrument's own instruction shown above the items. */
  stem: string;
  minutesToComplete: number;
  items: readonly InstrumentItem[];
};

// PEG: 0-10 numeric rating scales with the paper's anchors at both ends.
const pegScale = (low: string, high: string): AnswerOption[] =>
  Array.from({ length: 11 }, (_, v) => ({
    value: v,
    label: v === 0 ? `0 - ${low}` : v === 10 ? `10 - ${high}` : String(v),
  }));

/** Krebs EE et al., J Gen Intern Med 2009;24(6):733-738, doi 10.1007/s11606-009-0981-1. */
export const peg: Instrument = {
  code: "PEG",
  name: "PEG (pain, enjoyment, general activity)",
  patientTitle: "Pain and how it affects your life",
  version: "PEG-2009.1",
  citation: "Krebs EE et al., J Gen Intern Med 2009;24(6):733-738",
  loincPanel: "91148-7",
  loincScore: "91147-9",
  stem: "Choose one number for each question.",
  minutesToComplete: 1,
  items: [
    {
      id: "p",
      number: 1,
      loinc: "75893-8",
      text: "What number best describes your pain on average in the past week?",
      scored: true,
      required: true,
      options: pegScale("No pain", "Pain as bad as you can imagine"),
    },
    {
      id: "e",
      number: 2,
      loinc: "91145-3",
      text: "What number best describes how, during the past week, pain has interfered with your enjoyment of life?",
      scored: true,
      required: true,
      options: pegScale("Does not interfere", "Completely interferes"),
    },
    {
      id: "g",
      number: 3,
      loinc: "91146-1",
      text: "What number best describes how, during the past week, pain has interfered with your general activity?",
      scored: true,
      required: true,
      options: pegScale("Does not interfere", "Completely interferes"),
    },
  ],
};

const phqFrequency: AnswerOption[] = [
  { value: 0, label: "Not at all" },
  { value: 1, label: "Several days" },
  { value: 2, label: "More than half the days" },
  { value: 3, label: "Nearly every day" },
];

const phqItems: [string, string][] = [
  ["44250-9", "Little interest or pleasure in doing things"],
  ["44255-8", "Feeling down, depressed, or hopeless"],
  ["44259-0", "Trouble falling or staying asleep, or sleeping too much"],
  ["44254-1", "Feeling tired or having little energy"],
  ["44251-7", "Poor appetite or overeating"],
  ["44258-2", "Feeling bad about yourself - or that you are a failure or have let yourself or your family down"],
  ["44252-5", "Trouble concentrating on things, such as reading the newspaper or watching television"],
  [
    "44253-3",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite - being so fidgety or restless that you have been moving around a lot more than usual",
  ],
  ["44260-8", "Thoughts that you would be better off dead or of hurting yourself in some way"],
];

/** Kroenke K, Spitzer RL, Williams JB, J Gen Intern Med 2001;16:606-613. Public domain (Pfizer). */
export const phq9: Instrument = {
  code: "PHQ9",
  name: "PHQ-9 (depression)",
  patientTitle: "Your mood",
  version: "PHQ-9-2001.1",
  citation: "Kroenke K, Spitzer RL, Williams JB, J Gen Intern Med 2001;16:606-613",
  loincPanel: "44249-1",
  loincScore: "44261-6",
  stem: "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
  minutesToComplete: 3,
  items: [
    ...phqItems.map(([loinc, text], i) => ({
      id: String(i + 1),
      number: i + 1,
      loinc,
      text,
      scored: true,
      required: true,
      options: phqFrequency,
    })),
    {
      id: "10",
      number: 10,
      loinc: "69722-7",
      text: "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?",
      scored: false,
      // Not part of the total (docs/clinical-reference.md#phq-9-item-10): a patient may leave it blank.
      required: false,
      options: [
        { value: 0, label: "Not difficult at all" },
        { value: 1, label: "Somewhat difficult" },
        { value: 2, label: "Very difficult" },
        { value: 3, label: "Extremely difficult" },
      ],
    },
  ],
};

export const instruments: Record<InstrumentCode, Instrument> = { PEG: peg, PHQ9: phq9 };

export function isInstrumentCode(v: string): v is InstrumentCode {
  return (instrumentCodes as readonly string[]).includes(v);
}

/** The PHQ-9 item whose any positive answer is a safety event. */
export const PHQ9_SAFETY_ITEM_ID = "9";
