import type { IconNode } from "lucide";
import { Chip, type ChipTone } from "@/components/ui/icon";
import {
  cancelledIcon,
  doneIcon,
  inProgressIcon,
  noShowIcon,
  phoneIcon,
  scheduledIcon,
  videoIcon,
  waitingIcon,
} from "@/components/ui/icons";
import { statusLabels, type VisitStatus } from "../core/visit-lifecycle";

const statusLook: Record<VisitStatus, { icon: IconNode; tone: ChipTone }> = {
  SCHEDULED: { icon: scheduledIcon, tone: "neutral" },
  CHECKED_IN: { icon: waitingIcon, tone: "warn" },
  IN_PROGRESS: { icon: inProgressIcon, tone: "good" },
  COMPLETED: { icon: doneIcon, tone: "muted" },
  CANCELLED: { icon: cancelledIcon, tone: "bad" },
  NO_SHOW: { icon: noShowIcon, tone: "bad" },
};

/** Status as word + icon (never color alone, docs/ux-principles.md#every-screen). */
export function StatusChip({ status, patient = false }: { status: VisitStatus; patient?: boolean }) {
  const s = statusLabels[status];
  return (
    <Chip icon={statusLook[status].icon} tone={statusLook[status].tone}>
      {patient ? s.patientLabel : s.label}
    </Chip>
  );
}

export const modalityIcon = { VIDEO: videoIcon, PHONE: phoneIcon } as const;

export function ModalityChip({ modality }: { modality: "VIDEO" | "PHONE" }) {
  return (
    <Chip icon={modalityIcon[modality]} tone="plain">
      {modality === "VIDEO" ? "Video" : "Phone"}
    </Chip>
  );
}
