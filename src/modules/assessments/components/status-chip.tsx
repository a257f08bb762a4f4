import type { IconNode } from "lucide";
import { Chip, type ChipTone } from "@/components/ui/icon";
import { cancelledIcon, doneIcon, noneIcon, overdueIcon, pendingIcon } from "@/components/ui/icons";
import type { FormReadiness } from "../core/readiness";

/** Status as a word plus an icon (never color alone). */
const chips: Record<
  "done" | "pending" | "overdue" | "cancelled" | "none",
  { icon: IconNode; text: string; tone: ChipTone }
> = {
  done: { icon: doneIcon, text: "Done", tone: "good" },
  pending: { icon: pendingIcon, text: "Pending", tone: "info" },
  overdue: { icon: overdueIcon, text: "Overdue", tone: "warn" },
  cancelled: { icon: cancelledIcon, text: "Removed", tone: "neutral" },
  none: { icon: noneIcon, text: "No forms", tone: "neutral" },
};

export function RequestStateChip({ state }: { state: keyof typeof chips | FormReadiness }) {
  const c = chips[state];
  return (
    <Chip icon={c.icon} tone={c.tone}>
      {c.text}
    </Chip>
  );
}

/** For the Today list / coordinator views: "Forms: Done" etc. */
export function FormReadinessChip({ readiness }: { readiness: FormReadiness }) {
  return (
    <span className="inline-flex items-center gap-1">
      <span className="sr-only">Pre-visit forms:</span>
      <RequestStateChip state={readiness} />
    </span>
  );
}
