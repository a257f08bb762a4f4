import { SelectField } from "@/components/ui/field";
import { usStates } from "../../patients/core/reference";
import { usStateCodes } from "../core/licensure";

/**
 * "Where is the patient right now?": the patient's state at a visit (licensure depends on it,
 * not on the home address). The default is the recorded state, else the state of residence as a
 * suggestion to confirm with the patient. Usable inside any form (check-in, the room, the visit page).
 */
export function StateAtVisitField({
  current,
  suggestion,
  id = "patientLocationState",
  errors,
}: {
  current: string | null;
  suggestion: string | null;
  id?: string;
  errors?: string[];
}) {
  const names = usStates as Record<string, string>;
  return (
    <SelectField
      name="patientLocationState"
      id={id}
      label="Patient's state right now"
      hint={
        current
          ? "As recorded for this visit."
          : suggestion
            ? `Ask the patient where they are now. Suggested from their home address (${suggestion}).`
            : "Ask the patient where they are now."
      }
      defaultValue={current ?? suggestion ?? ""}
      placeholder="Not known yet"
      errors={errors}
      options={usStateCodes.map((c) => ({ value: c, label: names[c] ? `${names[c]} (${c})` : c }))}
    />
  );
}
