import "server-only";
import { assessmentsVisitSubscriber } from "@/modules/assessments/index.server";
import { consentVisitSubscriber } from "@/modules/consent/index.server";
import type { VisitEventSubscriber } from "@/modules/scheduling/visit-events";
import { videoVisitSubscriber } from "@/modules/video/index.server";

/**
 * Who follows the visit lifecycle, in the order their handlers run (the composition root: the
 * scheduling module publishes events without knowing its subscribers' modules). Consent comes
 * first so a start it refuses changes nothing else. A function, not a constant: the modules import
 * each other, and a list built while one of them is still loading would hold undefined.
 */
export function visitEventSubscribers(): readonly VisitEventSubscriber[] {
  return [consentVisitSubscriber, assessmentsVisitSubscriber, videoVisitSubscriber];
}
