"use client";

import { buttonClass } from "@/components/ui/button-class";

/** Mute, camera and leave (or end) for both sides of the call. */
export function CallControls({
  audio,
  video,
  hasVideo,
  onAudio,
  onVideo,
  endLabel,
  onEnd,
}: {
  audio: boolean;
  video: boolean;
  hasVideo: boolean;
  onAudio: () => void;
  onVideo: () => void;
  endLabel: string;
  onEnd: () => void;
}) {
  return (
    <div role="group" aria-label="Call controls" className="flex flex-wrap gap-2">
      <button type="button" aria-pressed={!audio} className={buttonClass("secondary")} onClick={onAudio}>
        {audio ? "Mute" : "Unmute"}
      </button>
      {hasVideo ? (
        <button type="button" aria-pressed={!video} className={buttonClass("secondary")} onClick={onVideo}>
          {video ? "Turn camera off" : "Turn camera on"}
        </button>
      ) : null}
      <button type="button" className={buttonClass("danger")} onClick={onEnd}>
        {endLabel}
      </button>
    </div>
  );
}
