"use client";

import { buttonClass } from "@/components/ui/button-class";

/** The patient's (or guest's) request for a phone call instead of video, or that it was sent. */
export function PhoneRequest({ asked, onAsk }: { asked: boolean; onAsk: () => void }) {
  return asked ? (
    <p role="status" className="rounded-md bg-teal-50 p-3">
      We told the clinic you would like a phone call instead.
    </p>
  ) : (
    <div>
      <button type="button" className={buttonClass("secondary")} onClick={onAsk}>
        Video not working? Ask for a phone call
      </button>
    </div>
  );
}
