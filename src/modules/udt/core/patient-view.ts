import type { UdtState } from "./machine";

/**
 * What a patient sees about a test, in plain words (about a 6th-grade level; "urine drug test",
 * never "UDT"). Results are shown only after the clinician has documented talking them through
 * with the patient, so nobody learns an unconfirmed or unexplained result from a screen.
 */
export type CollectionMethod = "LAB_PSC" | "HOME_KIT_VIDEO_OBSERVED";
export type PatientTestView = {
  headline: string;
  body: string[];
  tone: "todo" | "done" | "info" | "problem";
  showResults: boolean;
};

export function patientInstructions(method: CollectionMethod, byWhen: string): string[] {
  switch (method) {
    case "LAB_PSC":
      return [
        `Please go to a lab near you by ${byWhen}.`,
        "Bring a photo ID. You do not need an appointment. You do not need to stop eating or drinking.",
        "Tell the lab staff you have an order from our clinic. They will give you a cup for your urine sample.",
      ];
    case "HOME_KIT_VIDEO_OBSERVED":
      return [
        `We will mail you a test kit. Please do the test on a video call with our staff by ${byWhen}.`,
        "On the call, a staff member will watch while you collect your urine sample in the cup. This keeps the test fair for everyone.",
        "Then seal the cup in the bag and mail it back in the prepaid envelope the same day.",
      ];
  }
}

export function describeForPatient(state: UdtState, method: CollectionMethod, byWhen: string): PatientTestView {
  switch (state) {
    case "ORDERED":
    case "INSTRUCTED":
      return {
        headline: `Urine drug test: please do it by ${byWhen}`,
        body: patientInstructions(method, byWhen),
        tone: "todo",
        showResults: false,
      };
    case "WINDOW_MISSED":
      return {
        headline: "We did not get your urine sample in time",
        body: ["That is OK. Your care team will call you to set a new time."],
        tone: "problem",
        showResults: false,
      };
    case "COLLECTED":
    case "RESULTED":
    case "CONFIRMATION_NEEDED":
    case "CONFIRMATION_ORDERED":
    case "AWAITING_REVIEW":
    case "REVIEWED":
      return {
        headline: "We received your urine sample",
        body: ["Thank you. Your clinician will look at the results and talk with you about them."],
        tone: "done",
        showResults: false,
      };
    case "DISCUSSED":
    case "CLOSED":
      return {
        headline: "Your urine drug test is done",
        body: ["Your clinician talked with you about the results."],
        tone: "done",
        showResults: true,
      };
    case "CANCELLED":
      return {
        headline: "This urine drug test was cancelled",
        body: ["You do not need to do anything for it."],
        tone: "info",
        showResults: false,
      };
  }
}
