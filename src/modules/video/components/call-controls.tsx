"use client";

import { useState, type RefObject } from "react";
import { buttonClass } from "@/components/ui/button-class";
import type { RoomConnection } from "./peer-connection";

/** The microphone and camera switches both rooms share: each press tells the connection, then the buttons. */
export function useMediaToggles(conn: RefObject<RoomConnection | null>) {
  const [audio, setAudio] = useState(true);
  const [video, setVideo] = useState(true);
  return {
    audio,
    video,
    onAudio: () => {
      conn.current?.setMedia("audio", !audio);
      setAudio(!audio);
    },
    onVideo: () => {
      conn.current?.setMedia("video", !video);
      setVideo(!video);
    },
  };
}

export type CallControlLabels = {
  group: string;
  mute: string;
  unmute: string;
  cameraOff: string;
  cameraOn: string;
};
/** Staff pages stay English; the patient's room passes its own language. */
const englishLabels: CallControlLabels = {
  group: "Call controls",
  mute: "Mute",
  unmute: "Unmute",
  cameraOff: "Turn camera off",
  cameraOn: "Turn camera on",
};

/** Mute, camera and leave (or end) for both sides of the call. */
export function CallControls({
  audio,
  video,
  hasVideo,
  onAudio,
  onVideo,
  endLabel,
  onEnd,
  labels = englishLabels,
}: {
  audio: boolean;
  video: boolean;
  hasVideo: boolean;
  onAudio: () => void;
  onVideo: () => void;
  endLabel: string;
  onEnd: () => void;
  labels?: CallControlLabels;
}) {
  return (
    <div role="group" aria-label={labels.group} className="flex flex-wrap gap-2">
      <button type="button" aria-pressed={!audio} className={buttonClass("secondary")} onClick={onAudio}>
        {audio ? labels.mute : labels.unmute}
      </button>
      {hasVideo ? (
        <button type="button" aria-pressed={!video} className={buttonClass("secondary")} onClick={onVideo}>
          {video ? labels.cameraOff : labels.cameraOn}
        </button>
      ) : null}
      <button type="button" className={buttonClass("danger")} onClick={onEnd}>
        {endLabel}
      </button>
    </div>
  );
}
