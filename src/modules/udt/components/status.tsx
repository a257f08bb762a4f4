import type { IconNode } from "lucide";
import { Chip } from "@/components/ui/icon";
import {
  alarmIcon,
  cancelledIcon,
  checkIcon,
  discussedIcon,
  doneIcon,
  instructedIcon,
  labIcon,
  problemIcon,
  resultIcon,
  reviewIcon,
  specimenIcon,
  todoIcon,
  warningIcon,
} from "@/components/ui/icons";
import type { UdtState } from "../core/machine";
import { stateLabels } from "../core/machine";

/** Status as word + icon (never color alone, docs/ux-principles.md#every-screen). */
const stateIcon: Record<UdtState, IconNode> = {
  ORDERED: todoIcon,
  INSTRUCTED: instructedIcon,
  COLLECTED: specimenIcon,
  WINDOW_MISSED: warningIcon,
  RESULTED: resultIcon,
  CONFIRMATION_NEEDED: problemIcon,
  CONFIRMATION_ORDERED: labIcon,
  AWAITING_REVIEW: reviewIcon,
  REVIEWED: discussedIcon,
  DISCUSSED: checkIcon,
  CLOSED: doneIcon,
  CANCELLED: cancelledIcon,
};

export function StateChip({ state }: { state: UdtState }) {
  const tone =
    state === "WINDOW_MISSED" || state === "CONFIRMATION_NEEDED"
      ? "bad"
      : state === "CLOSED" || state === "CANCELLED"
        ? "muted"
        : "good";
  return (
    <Chip icon={stateIcon[state]} tone={tone}>
      {stateLabels[state]}
    </Chip>
  );
}

export function OverdueBadge({ escalated }: { escalated?: boolean }) {
  return (
    <Chip icon={alarmIcon} tone="bad" strong>
      {escalated ? "Escalated" : "Overdue"}
    </Chip>
  );
}

export function InterpretationChip({ value }: { value: "EXPECTED" | "UNEXPECTED" | null }) {
  if (!value) return null;
  return value === "EXPECTED" ? (
    <Chip icon={checkIcon} tone="good">
      Expected
    </Chip>
  ) : (
    <Chip icon={problemIcon} tone="bad" strong>
      Unexpected
    </Chip>
  );
}
