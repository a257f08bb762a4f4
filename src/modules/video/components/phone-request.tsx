"use client";

import { useTranslations } from "use-intl";
import { buttonClass } from "@/components/ui/button-class";

/** The patient's (or guest's) request for a phone call instead of video, or that it was sent. */
export function PhoneRequest({ asked, onAsk }: { asked: boolean; onAsk: () => void }) {
  const t = useTranslations();
  return asked ? (
    <p role="status" className="rounded-md bg-teal-50 p-3">
      {t("video.phone.asked")}
    </p>
  ) : (
    <div>
      <button type="button" className={buttonClass("secondary")} onClick={onAsk}>
        {t("video.phone.ask")}
      </button>
    </div>
  );
}
