"use client";

import { buttonClass } from "@/components/ui/button-class";
import { minutesWaiting, roomRoleLabels } from "../core/room-rules";
import { AdmitWithConsent, type RoomStartConsent } from "./admit-with-consent";
import type { RosterEntry } from "./signaling-client";
import type { RoomState } from "./use-room";

/** A clinician's room action (a POST to the room's API); false when it was refused. */
export type RoomAct = (path: "admit" | "remove" | "end" | "phone", body: unknown, label: string) => Promise<boolean>;

/** The clinician's waiting room: who waits (Admit), who is in the call (Remove), who is invited. */
export function WaitingRoomPanel({
  state,
  waiting,
  inCall,
  invited,
  startsVisit,
  consentNow,
  busy,
  now,
  act,
}: {
  state: RoomState;
  waiting: RosterEntry[];
  inCall: RosterEntry[];
  invited: RosterEntry[];
  startsVisit: boolean;
  consentNow: RoomStartConsent;
  busy: string | null;
  now: number;
  act: RoomAct;
}) {
  return (
    <section aria-labelledby="waiting-h" className="rounded-lg border border-slate-200 bg-white p-4">
      <h3 id="waiting-h" className="mb-2 font-semibold">
        Waiting room ({waiting.length})
      </h3>
      {waiting.length === 0 ? <p className="text-slate-700">Nobody is waiting.</p> : null}
      <ul className="flex flex-col gap-2">
        {waiting.map((p) => (
          <li key={p.id} className="flex flex-wrap items-center gap-3">
            <span>
              <strong>{p.name}</strong> ({roomRoleLabels[p.role]}) · waiting{" "}
              {p.waitingSince ? minutesWaiting(new Date(p.waitingSince), new Date(now)) : 0} min
            </span>
            {p.role === "PATIENT" && startsVisit && consentNow.state !== "valid" ? (
              <AdmitWithConsent
                participantId={p.id}
                name={p.name}
                consent={consentNow}
                disabled={state.phase !== "in-room" || busy !== null}
                busy={busy === `admit-${p.id}`}
                onAdmit={(consent) => void act("admit", { participantId: p.id, consent }, `admit-${p.id}`)}
              />
            ) : (
              <button
                type="button"
                className={buttonClass("primary")}
                disabled={state.phase !== "in-room" || busy !== null}
                onClick={() => void act("admit", { participantId: p.id }, `admit-${p.id}`)}
              >
                {busy === `admit-${p.id}` ? "Letting in…" : `Admit ${p.name}`}
              </button>
            )}
          </li>
        ))}
      </ul>
      {state.phase !== "in-room" && waiting.length ? (
        <p className="mt-2 text-sm text-slate-700">Open the video room first, then admit.</p>
      ) : null}
      {inCall.length ? (
        <>
          <h3 className="mt-4 mb-2 font-semibold">In the call</h3>
          <ul className="flex flex-col gap-2">
            {inCall.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center gap-3">
                <span>
                  {p.name} ({roomRoleLabels[p.role]})
                  {state.peerState[p.id] && state.peerState[p.id] !== "connected" ? ` · ${state.peerState[p.id]}` : ""}
                </span>
                {p.role !== "PATIENT" ? (
                  <button
                    type="button"
                    className={buttonClass("secondary")}
                    onClick={() => void act("remove", { participantId: p.id }, `remove-${p.id}`)}
                  >
                    Remove {p.name}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {invited.length ? (
        <p className="mt-3 text-sm text-slate-700">
          Invited, not yet arrived: {invited.map((p) => `${p.name} (${roomRoleLabels[p.role]})`).join(", ")}
        </p>
      ) : null}
    </section>
  );
}
