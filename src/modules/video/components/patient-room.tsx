"use client";

import { useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import { buttonClass } from "@/components/ui/button-class";
import { formatUsPhone } from "../../patients/core/format";
import { CallControls, useMediaToggles } from "./call-controls";
import { DeviceCheck } from "./device-check";
import { PhoneRequest } from "./phone-request";
import { RoomCard } from "./room-card";
import { openLocalMedia, useMicLevel, useRoom, type MediaProblem } from "./use-room";
import { VideoTile } from "./video-tile";

function minutesSince(iso: string | null, now: number) {
  return iso ? Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000)) : 0;
}

/**
 * The patient's (or guest's) side of a video visit, phone-first: device check, waiting room,
 * the call, and what happens next (ended, or the clinic will call).
 */
export function PatientRoom({
  visitId,
  via,
  clinicianName,
  whenText,
  formsHref,
}: {
  visitId: string;
  via: "account" | "link" | "guest";
  clinicianName: string;
  whenText: string;
  formsHref: string | null;
}) {
  const t = useTranslations();
  const { state, conn, join } = useRoom(visitId, via);
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<MediaProblem>(null);
  const [checking, setChecking] = useState(false);
  const media = useMediaToggles(conn);
  const { audio, video } = media;
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
  const ended =
    roster && (roster.status === "COMPLETED" || roster.status === "CANCELLED" || roster.status === "NO_SHOW");

  const askForPhone = async () => {
    if (!conn.current) return;
    const res = await conn.current.post("phone-request");
    setPhoneAsked(res.ok);
  };

  // 4. After the call.
  if (phoneNow && via === "guest") {
    return (
      <RoomCard title="The visit moved to a phone call" tone="done">
        <p className="text-lg">
          The clinic will call the patient. If you are with them, stay nearby. You can close this page.
        </p>
      </RoomCard>
    );
  }
  if (phoneNow) {
    return (
      <RoomCard title={t("video.end.phoneTitle")} tone="done">
        <p className="text-lg">
          {state.phoneNumber
            ? t("video.end.phoneAt", { phone: formatUsPhone(state.phoneNumber) })
            : t("video.end.phoneOnFile")}
        </p>
      </RoomCard>
    );
  }
  if (ended) {
    return (
      <RoomCard title={t("video.end.endedTitle")} tone="quiet">
        <p>{t("video.end.endedBody")}</p>
      </RoomCard>
    );
  }
  if (me?.state === "REMOVED") {
    return (
      <RoomCard title={t("video.end.removedTitle")} tone="quiet">
        <p>{t("video.end.removedBody")}</p>
      </RoomCard>
    );
  }
  if (state.phase === "error") {
    return (
      <RoomCard title={t("video.end.errorTitle")} tone="error">
        <p>{state.error}</p>
        <div>
          <button type="button" className={buttonClass("secondary")} onClick={() => window.location.reload()}>
            {t("video.end.tryAgain")}
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
          {t("video.call.title")}
        </h2>
        <p role="status" className="sr-only">
          {others.length
            ? t("video.call.with", { names: others.map((o) => o.name).join(", ") })
            : t("video.call.connecting")}
        </p>
        <div className="grid gap-2">
          {others.length === 0 ? <p className="rounded-md bg-slate-100 p-3">{t("video.call.connecting")}</p> : null}
          {others.map((o) => (
            <VideoTile
              key={o.id}
              big
              stream={state.remote[o.id] ?? null}
              label={o.name}
              muted={state.peerMedia[o.id]?.audio === false}
              cameraOff={state.peerMedia[o.id]?.video === false}
            />
          ))}
          <div className="w-32 self-end">
            <VideoTile self stream={local} label={t("video.you")} muted={!audio} cameraOff={!video} />
          </div>
        </div>
        <CallControls
          {...media}
          hasVideo={!!local?.getVideoTracks().length}
          endLabel={t("video.call.leave")}
          labels={{
            group: t("video.call.controls"),
            mute: t("video.call.mute"),
            unmute: t("video.call.unmute"),
            cameraOff: t("video.call.cameraOff"),
            cameraOn: t("video.call.cameraOn"),
          }}
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
      <section
        aria-labelledby="room-h"
        className="flex flex-col gap-3 rounded-xl border-2 border-teal-700 bg-white p-4"
      >
        <h2 id="room-h" className="text-xl font-bold">
          {t("video.waiting.title")}
        </h2>
        <p role="status" className="text-lg">
          {t("video.waiting.letIn", { name: clinicianName })}
        </p>
        <p className="text-slate-700">
          {t("video.waiting.time", { when: whenText, minutes: minutesSince(me.waitingSince, now) })}
        </p>
        {local ? (
          <div className="w-40">
            <VideoTile self stream={local} label={t("video.you")} />
          </div>
        ) : null}
        {formsHref ? (
          <p className="rounded-md border border-slate-300 p-3">
            {t("video.waiting.formsBefore")}{" "}
            <a href={formsHref} target="_blank" rel="noopener" className="font-semibold text-teal-900 underline">
              {t("video.waiting.formsLink")}
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
            {t("video.waiting.leave")}
          </button>
        </div>
      </section>
    );
  }

  // 1. Device check.
  return (
    <DeviceCheck
      clinicianName={clinicianName}
      whenText={whenText}
      local={local}
      problem={problem}
      checking={checking}
      level={level}
      state={state}
      check={check}
      join={join}
    />
  );
}
