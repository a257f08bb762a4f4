/**
 * The browser's line to the room's server side: the join request, and after it (with the room
 * token) the posts and the event stream (fetch + SSE framing, so the token stays in a header).
 * Incoming messages are handed on one at a time, in the order they arrive.
 */
import { readApiError } from "@/lib/api-error";
import type { RoomRole } from "../core/room-rules";
import type { Roster } from "../core/roster-merge";
import { parseSseFrame, takeSseFrames } from "../core/sse-frames";

export type { Roster, RosterEntry } from "../core/roster-merge";

export type JoinInfo = {
  participantId: string;
  role: RoomRole;
  displayName: string;
  token: string;
  cursor: string;
  iceServers: RTCIceServer[];
  iceTransportPolicy: RTCIceTransportPolicy;
  loopbackOnly: boolean;
  roster: Roster;
};

export class JoinError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function joinRoom(
  visitId: string,
  via: "account" | "link" | "guest",
  hasCamera: boolean,
): Promise<JoinInfo> {
  const res = await fetch(`/api/video/${visitId}/join`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ via, hasCamera }),
    credentials: "same-origin",
  });
  const body: unknown = await res.json().catch(() => ({}));
  if (!res.ok)
    throw new JoinError(
      readApiError(body, "We could not open the room. Reload the page and try again.").message,
      res.status,
    );
  return body as JoinInfo;
}

export type SignalingEvents = {
  /** One message from the stream; the next waits until this one is handled. */
  message: (kind: string, from: string | null, data: unknown) => Promise<unknown>;
  /** The seat is gone (401 on the stream): the room should close. */
  lost: (message: string) => void;
};

export class SignalingClient {
  private abort = new AbortController();
  private cursor: string;
  private inbox: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Ids already handled: a reconnect re-reads a short window, and each message counts once. */
  private seen = new Set<string>();
  /** Messages before joining belong to an earlier tab's seat. */
  private readonly floor: string;

  constructor(
    readonly visitId: string,
    private readonly info: JoinInfo,
    private readonly on: SignalingEvents,
  ) {
    this.cursor = info.cursor;
    this.floor = info.cursor;
  }

  start() {
    void this.readLoop();
  }

  async post(path: string, body?: unknown): Promise<Response> {
    return fetch(`/api/video/${this.visitId}/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${this.info.token}` },
      body: JSON.stringify(body ?? {}),
      keepalive: path === "leave",
    });
  }

  close(): void {
    this.closed = true;
    this.abort.abort();
  }

  /**
   * Messages go out at once, in parallel (a candidate may be stored before its offer: the other
   * side keeps early candidates until the offer arrives). Only a rate-limited send waits and
   * retries once.
   */
  send(msg: { kind: string; to?: string; data: unknown }) {
    if (this.closed) return;
    void this.post("signal", msg)
      .then(async (res) => {
        if (res.status !== 429 || this.closed) return;
        await new Promise((r) => setTimeout(r, 1500));
        if (!this.closed) await this.post("signal", msg);
      })
      .catch(() => undefined);
  }

  private async readLoop(): Promise<void> {
    let delay = 500;
    while (!this.closed) {
      try {
        const res = await fetch(
          `/api/video/${this.visitId}/events?after=${encodeURIComponent(this.cursor)}&floor=${encodeURIComponent(this.floor)}`,
          {
            headers: { authorization: `Bearer ${this.info.token}`, accept: "text/event-stream" },
            signal: this.abort.signal,
            cache: "no-store",
          },
        );
        if (res.status === 401) {
          this.on.lost(
            "You are no longer in this room. If you opened it on another device or tab, use that one; otherwise reload this page.",
          );
          return;
        }
        if (!res.ok || !res.body) throw new Error(`stream ${res.status}`);
        delay = 500;
        await this.readStream(res.body);
      } catch {
        if (this.closed) return;
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 5000);
    }
  }

  private async readStream(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buf += decoder.decode(value, { stream: true });
      const { frames, rest } = takeSseFrames(buf);
      buf = rest;
      for (const frame of frames) this.onFrame(frame);
    }
  }

  private onFrame(frame: string) {
    const { id, event, data } = parseSseFrame(frame);
    if (!data) return;
    if (id) {
      if (this.seen.has(id)) return;
      this.seen.add(id);
      if (this.seen.size > 5000) this.seen.delete(this.seen.values().next().value!);
      if (BigInt(id) > BigInt(this.cursor)) this.cursor = id;
    }
    let msg: { from: string | null; data: unknown };
    try {
      msg = JSON.parse(data) as typeof msg;
    } catch {
      return;
    }
    // One message at a time: an offer is fully applied (answer sent) before its candidates.
    const { from, data: body } = msg;
    this.inbox = this.inbox.then(() => this.on.message(event, from, body)).catch(() => undefined);
  }
}
