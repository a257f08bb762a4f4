"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { buttonClass } from "@/components/ui/button-class";
import { firstApiProblem, readApiError } from "@/lib/api-error";
import { roomRoleLabels } from "../core/room-rules";
import type { RoomStartConsent } from "./admit-with-consent";
import { CallControls, useMediaToggles } from "./call-controls";
import { PhoneVisitNotice, VisitCompleted } from "./clinician-end-states";
import { fmtTime } from "./fmt-time";
import { PhoneFallbackForm } from "./phone-fallback-form";
import type { Roster } from "./signaling-client";
import { openLocalMedia, useRoom, type MediaProblem } from "./use-room";
import { VideoTile } from "./video-tile";
import { WaitingRoomPanel } from "./waiting-room-panel";

/**
 * The clinician's side of the call: camera, waiting room with Admit, the call with mute, camera
 * and End, and the one-action fall back to phone. Patient context sits beside it (server-rendered).
 */
export function ClinicianRoom({
  visitId,
  patientName,
  patientPhone,
  timeZone,
  initialRoster,
  startConsent,
}: {
  visitId: string;
  patientName: string;
  patientPhone: string | null;
  timeZone: string;
  initialRoster: Roster;
  /** The consent letting the patient in (starting the visit) needs. */
  startConsent: RoomStartConsent;
}) {
  const { state, conn, join } = useRoom(visitId, "account");
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<MediaProblem>(null);
  const media = useMediaToggles(conn);
  const { audio, video } = media;
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const [callNumber, setCallNumber] = useState<string | null>(null);
  // A refused admit (consent withdrawn meanwhile, say) tells the room what is missing.
  const [refusedFor, setRefusedFor] = useState<Pick<RoomStartConsent, "kind" | "state"> | null>(null);
  const consentNow: RoomStartConsent =
    startConsent.state === "valid" && refusedFor ? { ...startConsent, ...refusedFor } : startConsent;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 15_000);
    return () => window.clearInterval(id);
  }, []);
  useEffect(() => () => local?.getTracks().forEach((t) => t.stop()), [local]);

  const roster = state.roster ?? initialRoster;
  // When the visit's status or modality changes, the server-rendered parts (header, alerts) follow.
  const router = useRouter();
  const shown = useRef(`${initialRoster.status}/${initialRoster.modality}`);
  useEffect(() => {
    const now = `${roster.status}/${roster.modality}`;
    if (now !== shown.current) {
      shown.current = now;
      router.refresh();
    }
  }, [roster.status, roster.modality, router]);
  const me = roster.participants.find((p) => p.id === state.info?.participantId);
  const waiting = roster.participants.filter((p) => p.state === "WAITING");
  const inCall = roster.participants.filter((p) => p.state === "ADMITTED" && p.id !== me?.id);
  const invited = roster.participants.filter((p) => p.state === "INVITED");
  const phoneAsked = roster.participants.filter(
    (p) => p.phoneRequested && (p.state === "WAITING" || p.state === "ADMITTED"),
  );
  const finished = roster.status === "COMPLETED";
  // Letting the patient in starts the visit (and needs consent) until it is under way.
  const startsVisit = roster.status === "SCHEDULED" || roster.status === "CHECKED_IN";

  const start = async () => {
    const r = await openLocalMedia({ video: true, audio: true });
    const stream = r.stream ?? (await openLocalMedia({ video: false, audio: true })).stream;
    setProblem(r.problem);
    setLocal(stream);
    await join(stream);
  };

  const act = async (path: "admit" | "remove" | "end" | "phone", body: unknown, label: string) => {
    setBusy(label);
    setMessage(null);
    try {
      const res = await fetch(`/api/video/${visitId}/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const out: unknown = await res.json().catch(() => ({}));
      if (!res.ok) {
        const error = readApiError(out, "That did not work. Try again.");
        const consent = error.consent as
          { kind: RoomStartConsent["kind"]; state: RoomStartConsent["state"] } | undefined;
        if (error.code === "CONSENT_REQUIRED" && consent) setRefusedFor(consent);
        setMessage({ kind: "error", text: firstApiProblem(error) });
        return false;
      }
      if (path === "phone") setCallNumber((out as { phoneNumber?: string | null }).phoneNumber ?? patientPhone);
      return true;
    } catch {
      setMessage({ kind: "error", text: "The clinic server did not answer. Check your connection and try again." });
      return false;
    } finally {
      setBusy(null);
    }
  };

  if (callNumber !== null || roster.modality === "PHONE") {
    return <PhoneVisitNotice visitId={visitId} patientName={patientName} n={callNumber ?? patientPhone} />;
  }

  if (finished) {
    return <VisitCompleted visitId={visitId} roster={roster} timeZone={timeZone} />;
  }

  return (
    <section aria-labelledby="room-h" className="flex flex-col gap-4">
      <h2 id="room-h" className="sr-only">
        Video
      </h2>
      {message ? (
        <p
          role={message.kind === "error" ? "alert" : "status"}
          className={`rounded-md border p-3 ${message.kind === "error" ? "border-red-700 bg-red-50" : "border-teal-700 bg-teal-50"}`}
        >
          {message.text}
        </p>
      ) : null}
      {state.phase === "error" ? (
        <p role="alert" className="rounded-md border border-red-700 bg-red-50 p-3">
          {state.error}
        </p>
      ) : null}
      {phoneAsked.length ? (
        <p role="alert" className="rounded-md border-2 border-amber-600 bg-amber-50 p-3 font-semibold">
          {phoneAsked.map((p) => p.name).join(", ")} asked for a phone call instead of video.
        </p>
      ) : null}

      {state.phase === "idle" || state.phase === "joining" ? (
        <div className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4">
          <p>
            Your camera and microphone turn on when you open the room. The patient sees you only after you let them in.
          </p>
          <div>
            <button
              type="button"
              className={buttonClass("primary")}
              onClick={() => void start()}
              disabled={state.phase === "joining"}
            >
              {state.phase === "joining" ? "Opening…" : "Open the video room"}
            </button>
          </div>
          {problem ? (
            <p role="alert">
              Your camera could not start ({problem}); you can still talk by microphone or fall back to phone.
            </p>
          ) : null}
        </div>
      ) : null}

      {state.phase === "in-room" ? (
        <>
          <p role="status" className="font-medium">
            {roster.status === "IN_PROGRESS"
              ? `Visit in progress since ${fmtTime(roster.startedAt, timeZone)}.`
              : "The visit starts when you let the patient in."}
          </p>
          <div className="grid gap-2 sm:grid-cols-[1fr_10rem]">
            <div className="grid gap-2">
              {inCall.length === 0 ? (
                <p className="rounded-md bg-slate-100 p-6 text-center">Nobody else is in the call yet.</p>
              ) : null}
              {inCall.map((p) => (
                <VideoTile
                  key={p.id}
                  big
                  stream={state.remote[p.id] ?? null}
                  label={`${p.name} (${roomRoleLabels[p.role]})`}
                  muted={state.peerMedia[p.id]?.audio === false}
                  cameraOff={state.peerMedia[p.id]?.video === false}
                />
              ))}
            </div>
            <VideoTile self stream={local} label="You" muted={!audio} cameraOff={!video} />
          </div>
          <CallControls
            {...media}
            hasVideo={!!local?.getVideoTracks().length}
            endLabel={busy === "end" ? "Ending…" : "End visit"}
            onEnd={() => {
              // The server decides (a visit not yet under way cannot be ended) and says why.
              void act("end", {}, "end");
            }}
          />
        </>
      ) : null}

      <WaitingRoomPanel
        state={state}
        waiting={waiting}
        inCall={inCall}
        invited={invited}
        startsVisit={startsVisit}
        consentNow={consentNow}
        busy={busy}
        now={now}
        act={act}
      />

      <PhoneFallbackForm patientPhone={patientPhone} busy={busy} act={act} />
    </section>
  );
}
