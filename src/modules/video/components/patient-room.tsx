"use client";

import { useEffect, useState } from "react";
import { buttonClass } from "@/components/ui/button-class";
import { formatUsPhone } from "../../patients/core/format";
import { openLocalMedia, playTestTone, useMicLevel, useRoom, type MediaProblem } from "./use-room";
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

function minutesSince(iso: string | null, now: number) {
  return iso ? Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000)) : 0;
}

/**
 * The patient's (or guest's) side of a video visit, phone-first: device check, waiting room,
 * the call, and what happens next (ended, or the clinic will call).
 */
export function PatientRoom({ visitId, via, clinicianName, whenText, formsHref }: { visitId: string; via: "account" | "link" | "guest"; clinicianName: string; whenText: string; formsHref: string | null }) {
  const { state, conn, join } = useRoom(visitId, via);
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<MediaProblem>(null);
  const [checking, setChecking] = useState(false);
  const [audio, setAudio] = useState(true);
  const [video, setVideo] = useState(true);
  const [phoneAsked, setPhoneAsked] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const level = useMicLevel(local);

  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 15_000);
    return () => window.clearInterval(id);
  }, []);
  useEffect(() => () => local?.getTracks().forEach((t) => t.stop()), [local]);

  const check = async (want = { video: true, audio: true }) => {
    setChecking(true);
    local?.getTracks().forEach((t) => t.stop());
    const r = await openLocalMedia(want);
    setLocal(r.stream);
    setProblem(r.problem);
    setChecking(false);
  };

  const roster = state.roster;
  const me = roster?.participants.find((p) => p.id === state.info?.participantId);
  const others = roster?.participants.filter((p) => p.id !== me?.id && p.state === "ADMITTED") ?? [];
  const phoneNow = roster?.modality === "PHONE" || state.phoneNumber !== undefined;
  const ended = roster && (roster.status === "COMPLETED" || roster.status === "CANCELLED" || roster.status === "NO_SHOW");

  const askForPhone = async () => {
    if (!conn.current) return;
    const res = await conn.current.post("phone-request");
    setPhoneAsked(res.ok);
  };

  // 4. After the call.
  if (phoneNow && via === "guest") {
    return (
      <RoomCard title="The visit moved to a phone call" tone="done">
        <p className="text-lg">The clinic will call the patient. If you are with them, stay nearby. You can close this page.</p>
      </RoomCard>
    );
  }
  if (phoneNow) {
    return (
      <RoomCard title="The clinic will call you" tone="done">
        <p className="text-lg">
          This visit is now a phone call.{" "}
          {state.phoneNumber ? (
            <>
              We will call you at <strong>{formatUsPhone(state.phoneNumber)}</strong>.
            </>
          ) : (
            "We will call you at the number we have for you."
          )}{" "}
          Keep your phone nearby. You can close this page.
        </p>
      </RoomCard>
    );
  }
  if (ended) {
    return (
      <RoomCard title="Your visit has ended" tone="quiet">
        <p>Thank you. Your care team will share any instructions with you. You can close this page.</p>
      </RoomCard>
    );
  }
  if (me?.state === "REMOVED") {
    return (
      <RoomCard title="You have left the visit" tone="quiet">
        <p>The clinic ended your part in this call. If this was a mistake, call the clinic.</p>
      </RoomCard>
    );
  }
  if (state.phase === "error") {
    return (
      <RoomCard title="We could not open the video room" tone="error">
        <p>{state.error}</p>
        <div>
          <button type="button" className={buttonClass("secondary")} onClick={() => window.location.reload()}>
            Try again
          </button>
        </div>
      </RoomCard>
    );
  }

  // 3. In the call.
  if (state.phase === "in-room" && me?.state === "ADMITTED") {
    return (
      <section aria-labelledby="room-h" className="flex flex-col gap-3">
        <h2 id="room-h" className="text-xl font-bold">
          Your video visit
        </h2>
        <p role="status" className="sr-only">
          {others.length ? `You are in the call with ${others.map((o) => o.name).join(" and ")}.` : "Connecting…"}
        </p>
        <div className="grid gap-2">
          {others.length === 0 ? <p className="rounded-md bg-slate-100 p-3">Connecting…</p> : null}
          {others.map((o) => (
            <VideoTile key={o.id} big stream={state.remote[o.id] ?? null} label={o.name} muted={state.peerMedia[o.id]?.audio === false} cameraOff={state.peerMedia[o.id]?.video === false} />
          ))}
          <div className="w-32 self-end">
            <VideoTile self stream={local} label="You" muted={!audio} cameraOff={!video} />
          </div>
        </div>
        <CallControls
          audio={audio}
          video={video}
          hasVideo={!!local?.getVideoTracks().length}
          onAudio={() => {
            conn.current?.setMedia("audio", !audio);
            setAudio(!audio);
          }}
          onVideo={() => {
            conn.current?.setMedia("video", !video);
            setVideo(!video);
          }}
          endLabel="Leave call"
          onEnd={() => {
            conn.current?.leave();
            window.location.reload();
          }}
        />
        <PhoneRequest asked={phoneAsked || !!me.phoneRequested} onAsk={askForPhone} />
      </section>
    );
  }

  // 2. Waiting room.
  if (state.phase === "in-room" && me) {
    return (
      <section aria-labelledby="room-h" className="flex flex-col gap-3 rounded-xl border-2 border-teal-700 bg-white p-4">
        <h2 id="room-h" className="text-xl font-bold">
          You are in the waiting room
        </h2>
        <p role="status" className="text-lg">
          {clinicianName} will let you in. Please keep this page open.
        </p>
        <p className="text-slate-700">
          Visit time: {whenText}. Waiting {minutesSince(me.waitingSince, now)} min.
        </p>
        {local ? (
          <div className="w-40">
            <VideoTile self stream={local} label="You" />
          </div>
        ) : null}
        {formsHref ? (
          <p className="rounded-md border border-slate-300 p-3">
            While you wait:{" "}
            <a href={formsHref} target="_blank" rel="noopener" className="font-semibold text-teal-900 underline">
              answer your pre-visit questions (opens in a new tab)
            </a>
            .
          </p>
        ) : null}
        <PhoneRequest asked={phoneAsked || !!me.phoneRequested} onAsk={askForPhone} />
        <div>
          <button
            type="button"
            className={buttonClass("secondary")}
            onClick={() => {
              conn.current?.leave();
              window.location.reload();
            }}
          >
            Leave the waiting room
          </button>
        </div>
      </section>
    );
  }

  // 1. Device check.
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
              <button type="button" className={buttonClass("secondary")} onClick={() => void check({ video: false, audio: true })}>
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
        <button type="button" className={buttonClass("primary")} disabled={(!local && !problem) || state.phase === "joining"} onClick={() => void join(local)}>
          {state.phase === "joining" ? "Joining…" : "Join the waiting room"}
        </button>
      </div>
      <p className="text-sm text-slate-700">No camera, or it will not work? You can still have your visit by phone: join the waiting room with the microphone only, or call the clinic.</p>
    </section>
  );
}

const cardTone = { done: "border-2 border-teal-700", quiet: "border border-slate-300", error: "border-2 border-red-700" } as const;

/** How the room ends up for this person (moved to phone, ended, removed, could not open). */
function RoomCard({ title, tone, children }: { title: string; tone: keyof typeof cardTone; children: React.ReactNode }) {
  return (
    <section aria-labelledby="room-h" className={`flex flex-col gap-3 rounded-xl bg-white p-4 ${cardTone[tone]}`} role={tone === "error" ? "alert" : "status"}>
      <h2 id="room-h" className="text-xl font-bold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function PhoneRequest({ asked, onAsk }: { asked: boolean; onAsk: () => void }) {
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

export function CallControls({ audio, video, hasVideo, onAudio, onVideo, endLabel, onEnd }: { audio: boolean; video: boolean; hasVideo: boolean; onAudio: () => void; onVideo: () => void; endLabel: string; onEnd: () => void }) {
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
