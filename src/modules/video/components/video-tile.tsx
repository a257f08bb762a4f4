"use client";

import { useEffect, useRef } from "react";

/**
 * One person's video. Remote tiles record when their first frame was drawn
 * (data-first-frame-at, epoch ms) so the e2e timing test can measure "admit to video".
 */
export function VideoTile({
  stream,
  label,
  self = false,
  muted = false,
  cameraOff = false,
  big = false,
}: {
  stream: MediaStream | null;
  label: string;
  self?: boolean;
  muted?: boolean;
  cameraOff?: boolean;
  big?: boolean;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const v = ref.current;
    if (!v) return;
    v.srcObject = stream;
    v.removeAttribute("data-first-frame-at");
    if (!stream) return;
    void v.play().catch(() => undefined);
    const mark = () =>
      v.setAttribute("data-first-frame-at", String(Math.round(performance.timeOrigin + performance.now())));
    if (typeof v.requestVideoFrameCallback === "function") v.requestVideoFrameCallback(() => mark());
    else (v as HTMLVideoElement).addEventListener("loadeddata", mark, { once: true });
  }, [stream]);
  return (
    <figure
      className={`relative overflow-hidden rounded-lg bg-slate-900 ${big ? "aspect-video w-full" : "aspect-video w-full max-w-xs"}`}
    >
      <video
        ref={ref}
        autoPlay
        playsInline
        // Our own picture is never played back (no echo); others' sound is.
        muted={self}
        className={`h-full w-full object-cover ${self ? "-scale-x-100" : ""}`}
        aria-label={self ? "Your camera" : `Video of ${label}`}
        data-testid={self ? "self-video" : "remote-video"}
      />
      {cameraOff || !stream ? (
        <div
          className="absolute inset-0 flex items-center justify-center text-lg font-semibold text-white"
          aria-hidden="true"
        >
          {stream ? `${label}: camera off` : label}
        </div>
      ) : null}
      <figcaption className="absolute bottom-0 left-0 rounded-tr-md bg-black/70 px-2 py-1 text-sm text-white">
        {label}
        {muted ? <span> · muted</span> : null}
      </figcaption>
    </figure>
  );
}
