import type { FormState } from "@/lib/forms";

/** Form state for scheduling forms: a lost race offers the next free slots; a new join link is shown once. */
export type VisitFormState = FormState & {
  nextSlots?: { clinicianId: string; clinicianName: string; startsAt: string; endsAt: string; label: string }[];
  joinUrl?: string;
  joinExpiresAt?: string;
};
