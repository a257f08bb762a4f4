/**
 * The browser side of a video room: one RTCPeerConnection per other person in the call (a small
 * mesh: patient, clinician, maybe a caregiver or interpreter), over the signaling client's posts
 * and event stream (signaling-client.ts).
 *
 * Offers: for each pair, the participant with the smaller id offers (isOfferer). A peer whose
 * connection id changes in the roster (reload, new device) gets a fresh peer connection
 * (core/peer-plan.ts). Incoming messages are handled one at a time, in the order they arrive;
 * candidates that beat their offer wait for it.
 */
import { candidateAllowed, filterSdpCandidates } from "../core/room-rules";
import { planPeers } from "../core/peer-plan";
import { mergeRoster, type Roster } from "../core/roster-merge";
import { SignalingClient, type JoinInfo } from "./signaling-client";

export type RoomEvents = {
  roster: (r: Roster) => void;
  peerStream: (participantId: string, stream: MediaStream | null) => void;
  peerMedia: (participantId: string, state: { audio: boolean; video: boolean }) => void;
  peerState: (participantId: string, state: RTCPeerConnectionState) => void;
  phone: (phoneNumber: string | null) => void;
  lost: (message: string) => void;
};

type Peer = { pc: RTCPeerConnection; connection: string | null; pending: RTCIceCandidateInit[]; stream: MediaStream };

export class RoomConnection {
  private peers = new Map<string, Peer>();
  private signaling: SignalingClient;
  /** Candidates that arrived before the offer they belong to, by sender. */
  private early = new Map<string, RTCIceCandidateInit[]>();
  private closed = false;
  private local: MediaStream | null = null;
  private mediaState = { audio: true, video: true };
  roster: Roster;

  constructor(
    readonly visitId: string,
    readonly info: JoinInfo,
    private readonly on: RoomEvents,
  ) {
    this.roster = info.roster;
    this.signaling = new SignalingClient(visitId, info, {
      message: (kind, from, data) => this.onMessage(kind, from, data),
      lost: (message) => {
        this.on.lost(message);
        this.close();
      },
    });
  }

  get me(): string {
    return this.info.participantId;
  }

  setLocalStream(stream: MediaStream | null) {
    this.local = stream;
    this.mediaState = { audio: !!stream?.getAudioTracks()[0]?.enabled, video: !!stream?.getVideoTracks()[0]?.enabled };
  }

  start() {
    this.signaling.start();
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
    return this.signaling.post(path, body);
  }

  /** Leaves the room (the server records the time) and closes every connection. */
  leave(): void {
    if (this.closed) return;
    void this.post("leave").catch(() => undefined);
    this.close();
  }

  close(): void {
    this.closed = true;
    this.signaling.close();
    for (const [id, p] of this.peers) {
      p.pc.close();
      this.on.peerStream(id, null);
    }
    this.peers.clear();
  }

  private meAdmitted(): boolean {
    return this.roster.participants.some((p) => p.id === this.me && p.state === "ADMITTED");
  }

  private send(msg: { kind: string; to?: string; data: unknown }) {
    this.signaling.send(msg);
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
        if (from)
          await this.peers.get(from)?.pc.setRemoteDescription({ type: "answer", sdp: (data as { sdp: string }).sdp });
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
    const plan = planPeers(this.me, r, new Map([...this.peers].map(([id, p]) => [id, p.connection])));
    if (plan.kind === "close") {
      // The call is over (ended, or moved to phone): nothing more will come.
      this.close();
      return;
    }
    if (plan.kind === "drop-all") {
      // Not (or no longer) in the call: drop every connection.
      for (const id of [...this.peers.keys()]) this.dropPeer(id);
      return;
    }
    for (const id of plan.drop) this.dropPeer(id);
    for (const step of plan.steps) {
      if (step.kind === "offer") void this.offerTo(step.id, step.connection);
      // The offerer reconnected: its new offer will come; forget the old connection.
      else this.dropPeer(step.id);
    }
    // Tell the others if we are muted or our camera is off (everyone assumes "on" otherwise).
    // Queued after any offer above, so it never delays connecting.
    if (plan.inCall && (!this.mediaState.audio || !this.mediaState.video))
      setTimeout(() => this.send({ kind: "media", data: this.mediaState }), 0);
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
    const pc = new RTCPeerConnection({
      iceServers: this.info.iceServers,
      iceTransportPolicy: this.info.iceTransportPolicy,
    });
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
      this.send({
        kind: "candidate",
        to: id,
        data: {
          candidate: e.candidate.candidate,
          sdpMid: e.candidate.sdpMid,
          sdpMLineIndex: e.candidate.sdpMLineIndex,
        },
      });
    };
    pc.onconnectionstatechange = () => this.on.peerState(id, pc.connectionState);
    return peer;
  }

  private async offerTo(id: string, connection: string | null) {
    const { pc } = this.newPeer(id, connection);
    await pc.setLocalDescription(await pc.createOffer());
    this.send({
      kind: "offer",
      to: id,
      data: { sdp: filterSdpCandidates(pc.localDescription!.sdp, this.info.loopbackOnly) },
    });
  }

  private async onOffer(from: string, sdp: string) {
    const entry = this.roster.participants.find((p) => p.id === from);
    const { pc } = this.newPeer(from, entry?.connection ?? null);
    await pc.setRemoteDescription({ type: "offer", sdp });
    await this.flushCandidates(from);
    await pc.setLocalDescription(await pc.createAnswer());
    this.send({
      kind: "answer",
      to: from,
      data: { sdp: filterSdpCandidates(pc.localDescription!.sdp, this.info.loopbackOnly) },
    });
  }

  private async flushCandidates(id: string) {
    const peer = this.peers.get(id);
    if (!peer?.pc.remoteDescription) return;
    const pending = peer.pending.splice(0);
    for (const c of pending) await peer.pc.addIceCandidate(c).catch(() => undefined);
  }
}
