import "server-only";
import type { Actor } from "../identity/core/roles";
import type { ReferralKind, ReferralStatus } from "./core/referral-states";

export type ReferralDto = {
  id: string;
  kind: ReferralKind;
  detail: string | null;
  telehealth: boolean;
  status: ReferralStatus;
  version: number;
  note: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  events: { at: string; from: ReferralStatus | null; to: ReferralStatus; by: string; note: string | null }[];
};
export type RecommendationDto = {
  id: string;
  resource: { id: string; name: string; purpose: string; url: string };
  recommendedAt: string;
  recommendedBy: string;
  note: string | null;
  tried: boolean | null;
  helped: "YES" | "SOMEWHAT" | "NO" | null;
  feedbackAt: string | null;
};
export type CarePlan = { referrals: ReferralDto[]; recommendations: RecommendationDto[] };
export type ResourceDto = { id: string; name: string; purpose: string; url: string; active: boolean };

export const who = (a: Actor) => ({ userId: a.userId, role: a.role });
