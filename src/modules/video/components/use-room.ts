"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { RoomConnection } from "./peer-connection";
import { JoinError, joinRoom, type JoinInfo, type Roster } from "./signaling-client";

export type MediaProblem = "blocked" | "none" | "busy" | "unsupported" | null;

/** Camera and microphone, with the reason in plain words when they cannot be used. */
export async function openLocalMedia(want: {
  video: boolean;
  audio: boolean;
}): Promise<{ stream: MediaStream | null; problem: MediaProblem }> {
  if (typeof navigator === "undefined" || !navigator.mediaDevices?.getUserMedia)
    return { stream: null, problem: "unsupported" };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      video: want.video ? { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: "user" } : false,
      audio: want.audio ? { echoCancellation: true, noiseSuppression: true } : false,
    });
    return { stream, problem: null };
  } catch (e) {
    const name = (e as DOMException).name;
    if (name === "NotAllowedError" || name === "SecurityError") return { stream: null, problem: "blocked" };
    if (name === "NotFoundError" || name === "OverconstrainedError") return { stream: null, problem: "none" };
    return { stream: null, problem: "busy" };
  }
}

export type RoomState = {
  phase: "idle" | "joining" | "in-room" | "error";
  info: JoinInfo | null;
  roster: Roster | null;
  remote: Record<string, MediaStream>;
  peerMedia: Record<string, { audio: boolean; video: boolean }>;
  peerState: Record<string, RTCPeerConnectionState>;
  phoneNumber: string | null | undefined;
  error: string | null;
};

/** One room connection for a page: join, live roster, remote streams, leave on unload. */
export function useRoom(visitId: string, via: "account" | "link" | "guest") {
  const conn = useRef<RoomConnection | null>(null);
  const [s, setS] = useState<RoomState>({
    phase: "idle",
    info: null,
    roster: null,
    remote: {},
    peerMedia: {},
    peerState: {},
    phoneNumber: undefined,
    error: null,
  });

  const join = useCallback(
    async (local: MediaStream | null) => {
      setS((x) => ({ ...x, phase: "joining", error: null }));
      try {
        const info = await joinRoom(visitId, via, !!local?.getVideoTracks().length);
        const c = new RoomConnection(visitId, info, {
          roster: (roster) => setS((x) => ({ ...x, roster })),
          peerStream: (id, stream) =>
            setS((x) => {
              const remote = { ...x.remote };
              if (stream) remote[id] = stream;
              else delete remote[id];
              return { ...x, remote };
            }),
          peerMedia: (id, m) => setS((x) => ({ ...x, peerMedia: { ...x.peerMedia, [id]: m } })),
          peerState: (id, st) => setS((x) => ({ ...x, peerState: { ...x.peerState, [id]: st } })),
          phone: (phoneNumber) => setS((x) => ({ ...x, phoneNumber })),
          lost: (error) => setS((x) => ({ ...x, phase: "error", error })),
        });
        c.setLocalStream(local);
        conn.current = c;
        setS((x) => ({ ...x, phase: "in-room", info, roster: info.roster }));
        c.start();
      } catch (e) {
        setS((x) => ({
          ...x,
          phase: "error",
          error:
            e instanceof JoinError
              ? e.message
              : "We could not reach the clinic. Check your internet connection and try again.",
        }));
      }
    },
    [visitId, via],
  );

  useEffect(() => {
    const onHide = () => conn.current?.leave();
    window.addEventListener("pagehide", onHide);
    return () => {
      window.removeEventListener("pagehide", onHide);
      conn.current?.close();
    };
  }, []);

  return { state: s, conn, join };
}

/** Plays a short tone so the patient can check the speaker or headphones. */
export function playTestTone(): void {
  const Ctx =
    window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctx) return;
  const ctx = new Ctx();
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.frequency.value = 523;
  gain.gain.value = 0.15;
  osc.connect(gain).connect(ctx.destination);
  osc.start();
  osc.stop(ctx.currentTime + 0.9);
  osc.onended = () => void ctx.close();
}

/** Microphone level 0-100 while the stream is live (for the device check). */
export function useMicLevel(stream: MediaStream | null): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    const track = stream?.getAudioTracks()[0];
    if (!stream || !track) return;
    const Ctx =
      window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const src = ctx.createMediaStreamSource(new MediaStream([track]));
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    src.connect(analyser);
    const data = new Uint8Array(analyser.fftSize);
    const id = window.setInterval(() => {
      analyser.getByteTimeDomainData(data);
      let sum = 0;
      for (const v of data) sum += ((v - 128) / 128) ** 2;
      setLevel(Math.min(100, Math.round(Math.sqrt(sum / data.length) * 300)));
    }, 150);
    return () => {
      window.clearInterval(id);
      void ctx.close();
    };
  }, [stream]);
  return level;
}
