import Link from "next/link";
import { Notice } from "@/components/ui/form-status";

/** Why a link or its session ended, in plain words. One page for every kind of link. */
export const endedReasons = {
  expired: {
    title: "This link has expired",
    body: "Links from the clinic work for a limited time only, to keep your information safe.",
  },
  revoked: {
    title: "This link no longer works",
    body: "The clinic sent a newer link, or what this link was for is over or was cancelled.",
  },
  locked: {
    title: "This link is locked",
    body: "The date of birth was entered wrong too many times. To keep your information safe, this link does not work any more.",
  },
  done: {
    title: "Your forms are already sent",
    body: "Thank you: there is nothing left to fill in with this link. You do not need to do anything.",
  },
  invalid: {
    title: "This link does not work",
    body: "The address may be cut off or mistyped. Please open the link from your message again.",
  },
  rate_limited: {
    title: "Please wait a few minutes",
    body: "There were too many tries from your network. Wait 10 minutes, then open the link from your message again.",
  },
  session: {
    title: "Your session has ended",
    body: "For your safety, a link's page closes after a while without use. Open the link from your message again.",
  },
  finished: { title: "Your forms are closed", body: "Thank you. You can close this page now." },
  signed: {
    title: "Your agreement is already signed",
    body: "Thank you: there is nothing left to sign with this link. Your care team can see your signed agreement.",
  },
} as const;
export type EndedReason = keyof typeof endedReasons;

export function isEndedReason(s: unknown): s is EndedReason {
  return typeof s === "string" && Object.hasOwn(endedReasons, s);
}

export function LinkEnded({ reason }: { reason: EndedReason }) {
  const m = endedReasons[reason];
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">{m.title}</h1>
      <p>{m.body}</p>
      {reason !== "finished" && reason !== "done" && reason !== "signed" && reason !== "rate_limited" ? (
        <Notice kind="info">
          <p className="font-semibold">What to do now</p>
          <ul className="mt-1 list-disc pl-5">
            <li>Call the clinic and ask for a new link, or</li>
            <li>
              if you have a patient portal account,{" "}
              <Link href="/login" className="font-semibold underline">
                sign in
              </Link>{" "}
              to see your visits and forms, or
            </li>
            <li>answer the forms with your care team at the start of your visit.</li>
          </ul>
        </Notice>
      ) : null}
    </div>
  );
}
