/**
 * The browser side of a video room: joins, reads the event stream (fetch + SSE framing, so the
 * room token stays in a header), and keeps one RTCPeerConnection per other person in the call
 * (a small mesh: patient, clinician, maybe a caregiver or interpreter).
 *
 * Offers: for each pair, the participant with the smaller id offers (isOfferer). A peer whose
 * connection id changes in the roster (reload, new device) gets a fresh peer connection.
 * Incoming messages are handled one at a time, in the order they arrive; candidates that beat
 * their offer wait for it.
 */
import { candidateAllowed, filterSdpCandidates, isOfferer, type RoomRole } from "../core/room-rules";
import { mergeRoster, type Roster } from "../core/roster-merge";

export type { Roster, RosterEntry } from "../core/roster-merge";

export type JoinInfo = {
  participantId: string;
  role: RoomRole;
  displayName: string;
  token: string;
  cursor: string;
  iceServers: RTCIceServer[];
  loopbackOnly: boolean;
  roster: Roster;
};

export type RoomEvents = {
  roster: (r: Roster) => void;
  peerStream: (participantId: string, stream: MediaStream | null) => void;
  peerMedia: (participantId: string, state: { audio: boolean; video: boolean }) => void;
  peerState: (participantId: string, state: RTCPeerConnectionState) => void;
  phone: (phoneNumber: string | null) => void;
  lost: (message: string) => void;
};

type Peer = { pc: RTCPeerConnection; connection: string | null; pending: RTCIceCandidateInit[]; stream: MediaStream };

export class JoinError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function joinRoom(visitId: string, via: "account" | "link" | "guest", hasCamera: boolean): Promise<JoinInfo> {
  const res = await fetch(`/api/video/${visitId}/join`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ via, hasCamera }),
    credentials: "same-origin",
  });
  const body = (await res.json().catch(() => ({}))) as Partial<JoinInfo> & { error?: string };
  if (!res.ok) throw new JoinError(body.error ?? "We could not open the room. Reload the page and try again.", res.status);
  return body as JoinInfo;
}

export class RoomConnection {
  private peers = new Map<string, Peer>();
  private abort = new AbortController();
  private cursor: string;
  /** Candidates that arrived before the offer they belong to, by sender. */
  private early = new Map<string, RTCIceCandidateInit[]>();
  private inbox: Promise<unknown> = Promise.resolve();
  private closed = false;
  private local: MediaStream | null = null;
  /** Ids already handled: a reconnect re-reads a short window, and each message counts once. */
  private seen = new Set<string>();
  /** Messages before joining belong to an earlier tab's seat. */
  private readonly floor: string;
  private mediaState = { audio: true, video: true };
  roster: Roster;

  constructor(
    readonly visitId: string,
    readonly info: JoinInfo,
    private readonly on: RoomEvents,
  ) {
    this.cursor = info.cursor;
    this.floor = info.cursor;
    this.roster = info.roster;
  }

  get me(): string {
    return this.info.participantId;
  }

  setLocalStream(stream: MediaStream | null) {
    this.local = stream;
    this.mediaState = { audio: !!stream?.getAudioTracks()[0]?.enabled, video: !!stream?.getVideoTracks()[0]?.enabled };
  }

  start() {
    void this.readLoop();
    this.onRoster(this.roster);
  }

  /** Mute / camera: the track stays, only its content stops (no renegotiation), and peers are told. */
  setMedia(kind: "audio" | "video", on: boolean) {
    const tracks = kind === "audio" ? this.local?.getAudioTracks() : this.local?.getVideoTracks();
    for (const t of tracks ?? []) t.enabled = on;
    this.mediaState = { ...this.mediaState, [kind]: on };
    if (this.meAdmitted()) this.send({ kind: "media", data: this.mediaState });
  }

  async post(path: string, body?: unknown): Promise<Response> {
    return fetch(`/api/video/${this.visitId}/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${this.info.token}` },
      body: JSON.stringify(body ?? {}),
      keepalive: path === "leave",
    });
  }

  /** Leaves the room (the server records the time) and closes every connection. */
  leave(): void {
    if (this.closed) return;
    void this.post("leave").catch(() => undefined);
    this.close();
  }

  close(): void {
    this.closed = true;
    this.abort.abort();
    for (const [id, p] of this.peers) {
      p.pc.close();
      this.on.peerStream(id, null);
    }
    this.peers.clear();
  }

  private meAdmitted(): boolean {
    return this.roster.participants.some((p) => p.id === this.me && p.state === "ADMITTED");
  }

  /**
   * Messages go out at once, in parallel (a candidate may be stored before its offer: the other
   * side keeps early candidates until the offer arrives). Only a rate-limited send waits and
   * retries once.
   */
  private send(msg: { kind: string; to?: string; data: unknown }) {
    if (this.closed) return;
    void this.post("signal", msg)
      .then(async (res) => {
        if (res.status !== 429 || this.closed) return;
        await new Promise((r) => setTimeout(r, 1500));
        if (!this.closed) await this.post("signal", msg);
      })
      .catch(() => undefined);
  }

  // ---- the event stream ----------------------------------------------------------------------

  private async readLoop(): Promise<void> {
    let delay = 500;
    while (!this.closed) {
      try {
        const res = await fetch(`/api/video/${this.visitId}/events?after=${encodeURIComponent(this.cursor)}&floor=${encodeURIComponent(this.floor)}`, {
          headers: { authorization: `Bearer ${this.info.token}`, accept: "text/event-stream" },
          signal: this.abort.signal,
          cache: "no-store",
        });
        if (res.status === 401) {
          this.on.lost("You are no longer in this room. If you opened it on another device or tab, use that one; otherwise reload this page.");
          this.close();
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
      let i: number;
      while ((i = buf.indexOf("\n\n")) >= 0) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        this.onFrame(frame);
      }
    }
  }

  private onFrame(frame: string) {
    let id: string | null = null;
    let event = "message";
    let data = "";
    for (const line of frame.split("\n")) {
      if (line.startsWith("id: ")) id = line.slice(4);
      else if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("data: ")) data += line.slice(6);
    }
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
    this.inbox = this.inbox.then(() => this.onMessage(event, from, body)).catch(() => undefined);
  }

  private async onMessage(kind: string, from: string | null, data: unknown) {
    switch (kind) {
      case "roster":
        return this.onRoster(data as Roster);
      case "phone":
        return this.on.phone((data as { phoneNumber: string | null }).phoneNumber);
      case "media":
        if (from) this.on.peerMedia(from, data as { audio: boolean; video: boolean });
        return;
      case "offer":
        if (from) await this.onOffer(from, (data as { sdp: string }).sdp);
        return;
      case "answer":
        if (from) await this.peers.get(from)?.pc.setRemoteDescription({ type: "answer", sdp: (data as { sdp: string }).sdp });
        if (from) await this.flushCandidates(from);
        return;
      case "candidate": {
        if (!from) return;
        const c = data as RTCIceCandidateInit;
        const peer = this.peers.get(from);
        if (peer?.pc.remoteDescription) await peer.pc.addIceCandidate(c).catch(() => undefined);
        else if (peer) peer.pending.push(c);
        else this.early.set(from, [...(this.early.get(from) ?? []), c].slice(-50));
        return;
      }
    }
  }

  // ---- peers -------------------------------------------------------------------------------

  private onRoster(incoming: Roster) {
    const r = mergeRoster(this.roster, incoming);
    this.roster = r;
    this.on.roster(r);
    if (r.modality !== "VIDEO" || ["COMPLETED", "CANCELLED", "NO_SHOW"].includes(r.status)) {
      // The call is over (ended, or moved to phone): nothing more will come.
      this.close();
      return;
    }
    const mine = r.participants.find((p) => p.id === this.me);
    if (!mine || mine.state !== "ADMITTED" || (r.status !== "IN_PROGRESS" && r.status !== "CHECKED_IN") || r.modality !== "VIDEO") {
      // Not (or no longer) in the call: drop every connection.
      for (const id of [...this.peers.keys()]) this.dropPeer(id);
      return;
    }
    const inCall = new Map(r.participants.filter((p) => p.id !== this.me && p.state === "ADMITTED").map((p) => [p.id, p]));
    for (const id of [...this.peers.keys()]) if (!inCall.has(id)) this.dropPeer(id);
    for (const p of inCall.values()) {
      const existing = this.peers.get(p.id);
      if (isOfferer(this.me, p.id)) {
        if (!existing || existing.connection !== p.connection) void this.offerTo(p.id, p.connection);
      } else if (existing && existing.connection !== p.connection) {
        // The offerer reconnected: its new offer will come; forget the old connection.
        this.dropPeer(p.id);
      }
    }
    // Tell the others if we are muted or our camera is off (everyone assumes "on" otherwise).
    // Queued after any offer above, so it never delays connecting.
    if (inCall.size && (!this.mediaState.audio || !this.mediaState.video)) setTimeout(() => this.send({ kind: "media", data: this.mediaState }), 0);
  }

  private dropPeer(id: string) {
    const p = this.peers.get(id);
    if (!p) return;
    p.pc.close();
    this.peers.delete(id);
    this.on.peerStream(id, null);
  }

  private newPeer(id: string, connection: string | null): Peer {
    this.dropPeer(id);
    const pc = new RTCPeerConnection({ iceServers: this.info.iceServers });
    const stream = new MediaStream();
    const peer: Peer = { pc, connection, pending: this.early.get(id) ?? [], stream };
    this.early.delete(id);
    this.peers.set(id, peer);
    for (const t of this.local?.getTracks() ?? []) pc.addTrack(t, this.local!);
    // A participant without a camera still receives the others' video.
    if (!this.local?.getVideoTracks().length) pc.addTransceiver("video", { direction: "recvonly" });
    if (!this.local?.getAudioTracks().length) pc.addTransceiver("audio", { direction: "recvonly" });
    pc.ontrack = (e) => {
      stream.addTrack(e.track);
      this.on.peerStream(id, stream);
    };
    pc.onicecandidate = (e) => {
      if (!e.candidate || !e.candidate.candidate) return;
      if (!candidateAllowed(e.candidate.candidate, this.info.loopbackOnly)) return;
      this.send({ kind: "candidate", to: id, data: { candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid, sdpMLineIndex: e.candidate.sdpMLineIndex } });
    };
    pc.onconnectionstatechange = () => this.on.peerState(id, pc.connectionState);
    return peer;
  }

  private async offerTo(id: string, connection: string | null) {
    const { pc } = this.newPeer(id, connection);
    await pc.setLocalDescription(await pc.createOffer());
    this.send({ kind: "offer", to: id, data: { sdp: filterSdpCandidates(pc.localDescription!.sdp, this.info.loopbackOnly) } });
  }

  private async onOffer(from: string, sdp: string) {
    const entry = this.roster.participants.find((p) => p.id === from);
    const { pc } = this.newPeer(from, entry?.connection ?? null);
    await pc.setRemoteDescription({ type: "offer", sdp });
    await this.flushCandidates(from);
    await pc.setLocalDescription(await pc.createAnswer());
    this.send({ kind: "answer", to: from, data: { sdp: filterSdpCandidates(pc.localDescription!.sdp, this.info.loopbackOnly) } });
  }

  private async flushCandidates(id: string) {
    const peer = this.peers.get(id);
    if (!peer?.pc.remoteDescription) return;
    const pending = peer.pending.splice(0);
    for (const c of pending) await peer.pc.addIceCandidate(c).catch(() => undefined);
  }
}
