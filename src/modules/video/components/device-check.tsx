"use client";

import { buttonClass } from "@/components/ui/button-class";
import { playTestTone, type MediaProblem, type RoomState } from "./use-room";
import { VideoTile } from "./video-tile";

const problemText: Record<Exclude<MediaProblem, null>, { title: string; help: string }> = {
  blocked: {
    title: "Your browser is blocking the camera and microphone.",
    help: "Tap the lock or camera symbol next to the web address, choose Allow for camera and microphone, then press Try again. On an iPhone you can also go to Settings, then Safari, then Camera.",
  },
  none: {
    title: "We could not find a camera on this device.",
    help: "You can join with your microphone only, or ask the clinic to call you on the phone instead.",
  },
  busy: {
    title: "Another app is using your camera or microphone.",
    help: "Close other video apps (for example FaceTime, Zoom or WhatsApp), then press Try again.",
  },
  unsupported: {
    title: "This browser cannot make video calls.",
    help: "Open your link in Chrome, Safari, Edge or Firefox, or ask the clinic to call you on the phone instead.",
  },
};

/** Step 1 of the patient's room: camera, microphone and speaker checked before joining the waiting room. */
export function DeviceCheck({
  clinicianName,
  whenText,
  local,
  problem,
  checking,
  level,
  state,
  check,
  join,
}: {
  clinicianName: string;
  whenText: string;
  local: MediaStream | null;
  problem: MediaProblem;
  checking: boolean;
  level: number;
  state: RoomState;
  check: (want?: { video: boolean; audio: boolean }) => Promise<void>;
  join: (local: MediaStream | null) => Promise<void>;
}) {
  return (
    <section aria-labelledby="room-h" className="flex flex-col gap-4 rounded-xl border border-slate-300 bg-white p-4">
      <h2 id="room-h" className="text-xl font-bold">
        Check your camera and sound
      </h2>
      <p>
        Video visit with <span className="font-semibold">{clinicianName}</span>, {whenText}.
      </p>
      {!local && !problem ? (
        <>
          <p>Your browser will ask to use the camera and microphone. Choose Allow.</p>
          <div>
            <button type="button" className={buttonClass("primary")} onClick={() => void check()} disabled={checking}>
              {checking ? "Starting camera…" : "Start camera and microphone"}
            </button>
          </div>
        </>
      ) : null}
      {problem ? (
        <div role="alert" className="flex flex-col gap-2 rounded-md border-2 border-amber-600 bg-amber-50 p-3">
          <p className="font-semibold">{problemText[problem].title}</p>
          <p>{problemText[problem].help}</p>
          <div className="flex flex-wrap gap-2">
            <button type="button" className={buttonClass("secondary")} onClick={() => void check()}>
              Try again
            </button>
            {problem === "none" ? (
              <button
                type="button"
                className={buttonClass("secondary")}
                onClick={() => void check({ video: false, audio: true })}
              >
                Use microphone only
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
      {local ? (
        <>
          {local.getVideoTracks().length ? (
            <div className="w-56">
              <VideoTile self stream={local} label="You" />
            </div>
          ) : (
            <p>Joining without camera: the clinician will hear you but not see you.</p>
          )}
          <div className="flex flex-col gap-1">
            <label htmlFor="mic-level" className="font-medium">
              Microphone: say something. The bar should move.
            </label>
            <meter id="mic-level" min={0} max={100} low={10} value={level} className="h-4 w-full max-w-xs">
              {level}
            </meter>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <button type="button" className={buttonClass("secondary")} onClick={playTestTone}>
              Play a test sound
            </button>
            <span className="text-slate-700">If you cannot hear it, turn your volume up.</span>
          </div>
        </>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={buttonClass("primary")}
          disabled={(!local && !problem) || state.phase === "joining"}
          onClick={() => void join(local)}
        >
          {state.phase === "joining" ? "Joining…" : "Join the waiting room"}
        </button>
      </div>
      <p className="text-sm text-slate-700">
        No camera, or it will not work? You can still have your visit by phone: join the waiting room with the
        microphone only, or call the clinic.
      </p>
    </section>
  );
}
