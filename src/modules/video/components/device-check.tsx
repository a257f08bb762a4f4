"use client";

import { useTranslations } from "use-intl";
import { buttonClass } from "@/components/ui/button-class";
import { playTestTone, type MediaProblem, type RoomState } from "./use-room";
import { VideoTile } from "./video-tile";

const problemText = {
  blocked: { title: "video.deviceCheck.blockedTitle", help: "video.deviceCheck.blockedHelp" },
  none: { title: "video.deviceCheck.noneTitle", help: "video.deviceCheck.noneHelp" },
  busy: { title: "video.deviceCheck.busyTitle", help: "video.deviceCheck.busyHelp" },
  unsupported: { title: "video.deviceCheck.unsupportedTitle", help: "video.deviceCheck.unsupportedHelp" },
} as const satisfies Record<Exclude<MediaProblem, null>, { title: string; help: string }>;

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
  const t = useTranslations();
  return (
    <section aria-labelledby="room-h" className="flex flex-col gap-4 rounded-xl border border-slate-300 bg-white p-4">
      <h2 id="room-h" className="text-xl font-bold">
        {t("video.deviceCheck.title")}
      </h2>
      <p>{t("video.deviceCheck.with", { name: clinicianName, when: whenText })}</p>
      {!local && !problem ? (
        <>
          <p>{t("video.deviceCheck.allow")}</p>
          <div>
            <button type="button" className={buttonClass("primary")} onClick={() => void check()} disabled={checking}>
              {checking ? t("video.deviceCheck.starting") : t("video.deviceCheck.start")}
            </button>
          </div>
        </>
      ) : null}
      {problem ? (
        <div role="alert" className="flex flex-col gap-2 rounded-md border-2 border-amber-600 bg-amber-50 p-3">
          <p className="font-semibold">{t(problemText[problem].title)}</p>
          <p>{t(problemText[problem].help)}</p>
          <div className="flex flex-wrap gap-2">
            <button type="button" className={buttonClass("secondary")} onClick={() => void check()}>
              {t("video.deviceCheck.tryAgain")}
            </button>
            {problem === "none" ? (
              <button
                type="button"
                className={buttonClass("secondary")}
                onClick={() => void check({ video: false, audio: true })}
              >
                {t("video.deviceCheck.micOnly")}
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
      {local ? (
        <>
          {local.getVideoTracks().length ? (
            <div className="w-56">
              <VideoTile self stream={local} label={t("video.you")} />
            </div>
          ) : (
            <p>{t("video.deviceCheck.noCamera")}</p>
          )}
          <div className="flex flex-col gap-1">
            <label htmlFor="mic-level" className="font-medium">
              {t("video.deviceCheck.micLevel")}
            </label>
            <meter id="mic-level" min={0} max={100} low={10} value={level} className="h-4 w-full max-w-xs">
              {level}
            </meter>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <button type="button" className={buttonClass("secondary")} onClick={playTestTone}>
              {t("video.deviceCheck.testSound")}
            </button>
            <span className="text-slate-700">{t("video.deviceCheck.volume")}</span>
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
          {state.phase === "joining" ? t("video.deviceCheck.joining") : t("video.deviceCheck.join")}
        </button>
      </div>
      <p className="text-sm text-slate-700">{t("video.deviceCheck.phoneHint")}</p>
    </section>
  );
}
