import pg from "pg";
import type { Actor } from "@/modules/identity/core/roles";
import { describe, expect, it, vi } from "vitest";
import { getVisitNote } from "@/modules/visit-notes/get-visit-note.server";
import { verifyRoomToken, type RoomClaims } from "@/modules/video/core/room-token";
import { endVideoVisit, fallBackToPhone, requestPhoneCall } from "@/modules/video/end-call.server";
import { joinRoom, type RoomCredential } from "@/modules/video/join-room.server";
import { leaveRoom } from "@/modules/video/leave-room.server";
import { admitParticipant, inviteGuest, removeParticipant } from "@/modules/video/manage-participants.server";
import { listWaiting } from "@/modules/video/waiting-room.server";
import {
  CHANNEL,
  readSignalsAfter,
  sendSignal,
  signalHub,
  whySendRefused,
  type RoomMessage,
} from "@/modules/video/signals.server";
import { db, pgPool } from "@/server/db";
import { AppError } from "@/server/errors";
import { isLinkSessionLive, redeemPatientLink } from "@/modules/patient-access/index.server";
import { linkCookieName, readLinkSessionFrom, type LinkSession } from "@/modules/patient-access/sessions.server";
import { roomEventStream } from "@/modules/video/stream.server";
import { issueVisitJoinLink } from "@/modules/scheduling/issue-visit-join-link.server";
import { ctx, isForbidden, makePatient, makeUser, signedInActorFor } from "../factories";
import { giveConsent } from "../factories/consent";
import { beginRequest, discoverRoutes, requestFor } from "../factories/next-request";

vi.mock("next/headers", async () => (await import("../factories/next-request")).nextHeadersModule);
vi.mock("next/cache", async () => (await import("../factories/next-request")).nextCacheModule);

const secret = () => process.env.NEXTAUTH_SECRET!;
const claimsOf = (token: string) => verifyRoomToken(token, secret())!;
const tokenOf = (url: string) => url.split("/l/")[1]!;

/** Opens a link as its person would (the join link's check: the factory patient's birth date) and returns the session. */
async function openLink(url: string, purpose: "visit-join" | "visit-guest"): Promise<LinkSession> {
  const r = await redeemPatientLink(tokenOf(url), { birthDate: purpose === "visit-join" ? "1970-01-15" : null }, ctx());
  expect(r).toMatchObject({ ok: true, purpose });
  const secret = r.ok ? r.sessionSecret : "";
  return (await readLinkSessionFrom(purpose, (name) => (name === linkCookieName(purpose) ? secret : undefined)))!;
}

/** A video visit soon; the patient has video consent on file unless `consent: false` (issue 10, D4). */
async function setup(opts: { startsInMinutes?: number; consent?: boolean } = {}) {
  const clinicianU = await makeUser("CLINICIAN");
  const clinician = await signedInActorFor({ ...clinicianU, patientId: null });
  const coordinator = await signedInActorFor({ ...(await makeUser("COORDINATOR")), patientId: null });
  const patient = await makePatient({ phone: "+12065550150" });
  if (opts.consent !== false) await giveConsent(patient.id);
  const patientActor = await signedInActorFor({
    ...(await makeUser("PATIENT", { patientId: patient.id })),
    patientId: patient.id,
  });
  const otherPatient = await makePatient();
  const otherActor = await signedInActorFor({
    ...(await makeUser("PATIENT", { patientId: otherPatient.id })),
    patientId: otherPatient.id,
  });
  const type = await db.visitType.create({ data: { name: `Video ${crypto.randomUUID()}`, durationMinutes: 30 } });
  const startsAt = new Date(Date.now() + (opts.startsInMinutes ?? 5) * 60_000);
  const visit = await db.visit.create({
    data: {
      patientId: patient.id,
      clinicianId: clinician.userId,
      visitTypeId: type.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 30 * 60_000),
      modality: "VIDEO",
      reason: "Follow-up",
      idempotencyKey: crypto.randomUUID(),
      createdById: clinician.userId,
    },
  });
  return { clinician, coordinator, patient, patientActor, otherActor, visit };
}

const asActor = (actor: Actor): RoomCredential => ({ kind: "actor", actor });

/** Clinician and patient in the call; returns both seats' claims. */
async function inCall(s: Awaited<ReturnType<typeof setup>>) {
  const doc = await joinRoom(asActor(s.clinician), s.visit.id, { hasCamera: true }, ctx());
  const pat = await joinRoom(asActor(s.patientActor), s.visit.id, { hasCamera: true }, ctx());
  await admitParticipant(s.clinician, s.visit.id, pat.participantId, ctx());
  return { doc: claimsOf(doc.token), pat: claimsOf(pat.token), docJoin: doc, patJoin: pat };
}

async function expectAppError(p: Promise<unknown>, code: string) {
  const e = await p.catch((x: unknown) => x);
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
}

describe("joining a video room", () => {
  it("the clinician is in at once; the patient waits and is checked in; both audited", async () => {
    const s = await setup();
    const doc = await joinRoom(asActor(s.clinician), s.visit.id, { hasCamera: true }, ctx());
    expect(doc.roster.participants.find((p) => p.id === doc.participantId)?.state).toBe("ADMITTED");
    expect(doc.iceServers).toEqual([]);
    const pat = await joinRoom(asActor(s.patientActor), s.visit.id, { hasCamera: false }, ctx());
    expect(pat.role).toBe("PATIENT");
    expect(pat.roster.participants.find((p) => p.id === pat.participantId)).toMatchObject({
      state: "WAITING",
      name: `${s.patient.givenName} ${s.patient.familyName}`,
    });
    const v = await db.visit.findUniqueOrThrow({ where: { id: s.visit.id }, include: { events: true } });
    expect(v.status).toBe("CHECKED_IN");
    expect(v.events.map((e) => e.kind)).toContain("CHECK_IN");
    expect(
      await db.auditEvent.count({
        where: { entityType: "VideoRoom", entityId: s.visit.id, outcome: "SUCCESS", action: "ACCESS" },
      }),
    ).toBe(2);
    expect(await listWaiting(s.clinician, [s.visit.id])).toEqual({
      [s.visit.id]: [expect.objectContaining({ participantId: pat.participantId, role: "PATIENT" })],
    });
  });

  it("the patient's join link opens the room; a link for another visit, another patient, a coordinator and an admin do not", async () => {
    const s = await setup();
    const link = await issueVisitJoinLink(s.coordinator, s.visit.id, ctx());
    const session = await openLink(link.url, "visit-join");
    await expect(joinRoom({ kind: "link", session }, s.visit.id, { hasCamera: true }, ctx())).resolves.toMatchObject({
      role: "PATIENT",
    });

    const other = await setup();
    await expectAppError(joinRoom({ kind: "link", session }, other.visit.id, { hasCamera: true }, ctx()), "FORBIDDEN");
    await expectAppError(joinRoom(asActor(s.otherActor), s.visit.id, { hasCamera: true }, ctx()), "FORBIDDEN");
    await expectAppError(joinRoom(asActor(s.coordinator), s.visit.id, { hasCamera: true }, ctx()), "FORBIDDEN");
    const admin = await signedInActorFor({ ...(await makeUser("ADMIN")), patientId: null });
    await expectAppError(joinRoom(asActor(admin), s.visit.id, { hasCamera: true }, ctx()), "FORBIDDEN");
    expect(
      await db.auditEvent.count({
        where: { entityType: "VideoRoom", outcome: "DENIED", entityId: { in: [s.visit.id, other.visit.id] } },
      }),
    ).toBe(4);
  });

  it("opens an hour before for the patient (staff may come early) and closes when the visit is over", async () => {
    const s = await setup({ startsInMinutes: 90 });
    await expectAppError(joinRoom(asActor(s.patientActor), s.visit.id, { hasCamera: true }, ctx()), "CONFLICT");
    await expect(joinRoom(asActor(s.clinician), s.visit.id, { hasCamera: true }, ctx())).resolves.toMatchObject({
      role: "CLINICIAN",
      token: expect.any(String),
    });
    const t = await setup();
    await db.visit.update({ where: { id: t.visit.id }, data: { status: "COMPLETED" } });
    await expectAppError(joinRoom(asActor(t.patientActor), t.visit.id, { hasCamera: true }, ctx()), "CONFLICT");
  });
});

describe("signaling through Postgres", () => {
  it("a browser's real offer (SDP lines end in CRLF) goes through the signal route: 202, not 400", async () => {
    // Issue 10: the input gate refused the CRLF of every SDP, so no call ever connected; the
    // tests that called sendSignal directly did not see it. This goes through the route.
    const s = await setup();
    const { docJoin, pat } = await inCall(s);
    const route = (await discoverRoutes()).get("POST /api/video/[visitId]/signal")!;
    beginRequest({ path: `/api/video/${s.visit.id}/signal` });
    const sdp =
      "v=0\r\no=- 4631348696387360518 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n";
    const res = await route(
      requestFor(`/api/video/${s.visit.id}/signal`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${docJoin.token}` },
        body: JSON.stringify({ kind: "offer", to: pat.p, data: { sdp } }),
      }),
      { params: Promise.resolve({ visitId: s.visit.id }) },
    );
    expect(res.status).toBe(202);
    const bad = await route(
      requestFor(`/api/video/${s.visit.id}/signal`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${docJoin.token}` },
        body: JSON.stringify({ kind: "offer", to: pat.p, data: { sdp: `${sdp}\u0000` } }),
      }),
      { params: Promise.resolve({ visitId: s.visit.id }) },
    );
    expect(bad.status).toBe(400);
  });

  it("admitting the patient starts the visit; messages need both sides in the call", async () => {
    const s = await setup();
    const doc = claimsOf((await joinRoom(asActor(s.clinician), s.visit.id, { hasCamera: true }, ctx())).token);
    const patJoin = await joinRoom(asActor(s.patientActor), s.visit.id, { hasCamera: true }, ctx());
    const pat = claimsOf(patJoin.token);
    // Waiting: the patient cannot signal, and nobody can signal them.
    expect(await sendSignal(pat, { kind: "media", data: { audio: true, video: true } })).toEqual({ ok: false });
    expect(await sendSignal(doc, { kind: "offer", to: pat.p, data: { sdp: "v=0\r\n" } })).toEqual({ ok: false });
    expect(await whySendRefused(pat)).toBe("not_in_call");
    // Only the clinician admits.
    await expect(
      admitParticipant(s.patientActor, s.visit.id, pat.p, ctx()).catch((e: unknown) => e),
    ).resolves.toSatisfy(isForbidden);
    await admitParticipant(s.clinician, s.visit.id, pat.p, ctx());
    const v = await db.visit.findUniqueOrThrow({ where: { id: s.visit.id } });
    expect(v.status).toBe("IN_PROGRESS");
    expect(v.startedAt).toBeInstanceOf(Date);
    expect(await sendSignal(doc, { kind: "offer", to: pat.p, data: { sdp: "v=0\r\n" } })).toMatchObject({ ok: true });
  });

  it("one message is ONE SQL statement, and reaches a listener on another connection (another instance) with its data", async () => {
    const s = await setup();
    const { doc, pat } = await inCall(s);
    const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await listener.connect();
    await listener.query(`LISTEN ${CHANNEL}`);
    const got = new Promise<{ i: string; v: string; f: string; t: string; k: string; d: unknown }>((resolve) =>
      listener.on("notification", (n) => {
        const m = JSON.parse(n.payload!) as { k: string };
        if (m.k === "offer") resolve(m as never);
      }),
    );
    const spy = vi.spyOn(pgPool(), "query");
    const sent = await sendSignal(doc, {
      kind: "offer",
      to: pat.p,
      data: { sdp: "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n" },
    });
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    const n = await got;
    await listener.end();
    expect(n).toMatchObject({
      i: sent.ok ? sent.id : "",
      v: s.visit.id,
      f: doc.p,
      t: pat.p,
      k: "offer",
      d: { sdp: "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n" },
    });
  });

  it("the hub fans live messages out to a stream for the recipient, also when the message is too large for a notification", async () => {
    const s = await setup();
    const { doc, pat } = await inCall(s);
    const received: RoomMessage[] = [];
    const unsubscribe = await signalHub().subscribe(
      s.visit.id,
      (m) => received.push(m),
      () => undefined,
    );
    const big = `v=0\r\n${"a=x-filler:0123456789\r\n".repeat(600)}`; // ~14 kB
    await sendSignal(doc, { kind: "offer", to: pat.p, data: { sdp: big } });
    await sendSignal(pat, { kind: "answer", to: doc.p, data: { sdp: "v=0\r\n" } });
    await vi.waitFor(() => expect(received.filter((m) => m.kind === "offer" || m.kind === "answer")).toHaveLength(2), {
      timeout: 5000,
    });
    unsubscribe();
    const offer = received.find((m) => m.kind === "offer")!;
    expect((offer.data as { sdp: string }).sdp).toBe(big);
    expect(offer).toMatchObject({ from: doc.p, to: pat.p });
  });

  it("catch-up reads only what is for this participant, after the cursor, never their own", async () => {
    const s = await setup();
    const { doc, pat, patJoin } = await inCall(s);
    await sendSignal(doc, { kind: "offer", to: pat.p, data: { sdp: "v=0\r\n" } });
    await sendSignal(pat, { kind: "answer", to: doc.p, data: { sdp: "v=0\r\n" } });
    await sendSignal(doc, { kind: "media", data: { audio: false, video: true } });
    const forPatient = await readSignalsAfter(s.visit.id, pat.p, patJoin.cursor);
    expect(forPatient.map((m) => m.kind)).toEqual(expect.arrayContaining(["offer", "media"]));
    expect(forPatient.map((m) => m.kind)).not.toContain("answer");
    const last = forPatient.at(-1)!.id;
    expect(await readSignalsAfter(s.visit.id, pat.p, last)).toEqual([]);
  });

  it("a stream delivers a message that commits after a higher-numbered one (sequence ids are not commit order)", async () => {
    const s = await setup();
    const { doc, pat, patJoin } = await inCall(s);
    const abort = new AbortController();
    const res = (await roomEventStream(pat, patJoin.cursor, patJoin.cursor, abort.signal, ctx()))!;
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let text = "";
    const until = async (re: RegExp) => {
      while (!re.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        text += dec.decode(value);
      }
    };
    await until(/event: roster/); // the stream is live
    // A slow transaction takes an id first and commits last.
    const slow = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await slow.connect();
    await slow.query("BEGIN");
    const {
      rows: [low],
    } = await slow.query<{ id: string }>(
      `WITH ins AS (INSERT INTO "VideoSignal" ("visitId", "fromParticipantId", "toParticipantId", kind, payload) VALUES ($1, $2, $3, 'answer', '{"sdp":"v=0 slow"}') RETURNING *)
       SELECT id::text AS id, pg_notify('${CHANNEL}', json_build_object('i', id::text, 'v', "visitId", 'f', "fromParticipantId", 't', "toParticipantId", 'k', kind, 'd', payload)::text) FROM ins`,
      [s.visit.id, doc.p, pat.p],
    );
    const fast = await sendSignal(doc, { kind: "answer", to: pat.p, data: { sdp: "v=0 fast" } });
    expect(BigInt(fast.ok ? fast.id : "0")).toBeGreaterThan(BigInt(low!.id));
    await until(/v=0 fast/);
    await slow.query("COMMIT");
    await slow.end();
    await until(/v=0 slow/);
    abort.abort();
    expect(text.indexOf("v=0 fast")).toBeLessThan(text.indexOf("v=0 slow"));
  });

  it("rate-limits each participant in Postgres and says so", async () => {
    const s = await setup();
    const { doc } = await inCall(s);
    const limit = Number(process.env.VIDEO_SIGNALS_PER_10S ?? 150);
    for (let i = 0; i < limit; i++)
      expect((await sendSignal(doc, { kind: "media", data: { audio: true, video: i % 2 === 0 } })).ok).toBe(true);
    expect(await sendSignal(doc, { kind: "media", data: { audio: true, video: true } })).toEqual({ ok: false });
    expect(await whySendRefused(doc)).toBe("rate_limited");
  });

  it("a new tab takes the seat over: the old tab's token stops working; leaving and coming back during the visit goes straight in", async () => {
    const s = await setup();
    const { doc, pat } = await inCall(s);
    const again = claimsOf((await joinRoom(asActor(s.patientActor), s.visit.id, { hasCamera: true }, ctx())).token);
    expect(again.p).toBe(pat.p);
    expect(await sendSignal(pat, { kind: "answer", to: doc.p, data: { sdp: "v=0\r\n" } })).toEqual({ ok: false });
    expect((await sendSignal(again, { kind: "answer", to: doc.p, data: { sdp: "v=0\r\n" } })).ok).toBe(true);
    await leaveRoom(again, ctx());
    expect((await db.videoParticipant.findUniqueOrThrow({ where: { id: pat.p } })).state).toBe("LEFT");
    const back = await joinRoom(asActor(s.patientActor), s.visit.id, { hasCamera: true }, ctx());
    expect(back.roster.participants.find((p) => p.id === pat.p)?.state).toBe("ADMITTED");
  });
});

describe("ending, phone fallback and guests", () => {
  it("ending completes the visit with its times, empties the room, drops relay rows and revokes the patient's link", async () => {
    const s = await setup();
    const link = await issueVisitJoinLink(s.coordinator, s.visit.id, ctx());
    const { doc, pat } = await inCall(s);
    await sendSignal(doc, { kind: "offer", to: pat.p, data: { sdp: "v=0\r\n" } });
    await expectAppError(endVideoVisit(s.clinician, (await setup()).visit.id, ctx()), "CONFLICT"); // not under way
    await endVideoVisit(s.clinician, s.visit.id, ctx());
    const v = await db.visit.findUniqueOrThrow({ where: { id: s.visit.id }, include: { videoParticipants: true } });
    expect(v.status).toBe("COMPLETED");
    expect(v.completedAt!.getTime()).toBeGreaterThanOrEqual(v.startedAt!.getTime());
    expect(v.videoParticipants.length).toBeGreaterThanOrEqual(2);
    expect(v.videoParticipants.filter((p) => p.state !== "LEFT" || !p.leftAt)).toEqual([]);
    expect(await db.videoSignal.count({ where: { visitId: s.visit.id, kind: { not: "roster" } } })).toBe(0);
    const r = await redeemPatientLink(tokenOf(link.url), { birthDate: "1970-01-15" }, ctx());
    expect(r).toEqual({ ok: false, reason: "revoked", purpose: "visit-join" });
  });

  it("falls back to phone: audio-only with the reason for note and billing, the patient is told the number, the room closes", async () => {
    const s = await setup();
    const { pat } = await inCall(s);
    await requestPhoneCall(pat, ctx());
    const out = await fallBackToPhone(
      s.clinician,
      s.visit.id,
      { reason: "VIDEO_FAILED", detail: "frozen picture", phoneNumber: null },
      ctx(),
    );
    expect(out.phoneNumber).toBe("+12065550150");
    const v = await db.visit.findUniqueOrThrow({
      where: { id: s.visit.id },
      include: { events: { where: { kind: "MODALITY_SWITCHED" } }, videoParticipants: true },
    });
    expect(v).toMatchObject({ modality: "PHONE", phoneNumber: "+12065550150", status: "IN_PROGRESS" });
    expect(v.events[0]).toMatchObject({
      reason: "Video failed (connection or device problem): frozen picture",
      details: { from: "VIDEO", to: "PHONE", reasonCode: "VIDEO_FAILED" },
    });
    expect(v.videoParticipants.length).toBeGreaterThanOrEqual(2);
    expect(v.videoParticipants.filter((p) => p.state !== "LEFT")).toEqual([]);
    const toPatient = await readSignalsAfter(s.visit.id, pat.p, "0");
    expect(toPatient.find((m) => m.kind === "phone")?.data).toEqual({ phoneNumber: "+12065550150" });
    const note = await getVisitNote(s.clinician, s.visit.id, ctx());
    expect(note.note).toMatchObject({ modalityUsed: "AUDIO_ONLY", audioOnlyReason: "VIDEO_FAILED" });
    // Only the clinician switches from the room.
    await expect(
      fallBackToPhone(s.patientActor, s.visit.id, { reason: "VIDEO_FAILED", phoneNumber: null }, ctx()).catch(
        (e: unknown) => e,
      ),
    ).resolves.toSatisfy(isForbidden);
  });

  it("a guest gets their own link; they wait, are let in, can be removed (link dies); the note lists them", async () => {
    const s = await setup();
    await inCall(s);
    const inv = await inviteGuest(
      s.coordinator,
      s.visit.id,
      { role: "INTERPRETER", displayName: "Luis Ortega" },
      ctx(),
    );
    const session = await openLink(inv.url, "visit-guest");
    expect(session).toMatchObject({ purpose: "visit-guest", subjectId: inv.participantId });
    const g = await joinRoom({ kind: "guest", session }, s.visit.id, { hasCamera: true }, ctx());
    expect(g).toMatchObject({ role: "INTERPRETER", displayName: "Luis Ortega" });
    // A guest link is for its own visit only.
    const other = await setup();
    await expectAppError(joinRoom({ kind: "guest", session }, other.visit.id, { hasCamera: true }, ctx()), "FORBIDDEN");
    await admitParticipant(s.clinician, s.visit.id, g.participantId, ctx());
    expect((await getVisitNote(s.clinician, s.visit.id, ctx())).note.participants).toEqual([
      { name: "Luis Ortega", role: "interpreter" },
    ]);
    await removeParticipant(s.clinician, s.visit.id, g.participantId, ctx());
    expect(await isLinkSessionLive(session.sessionId, { touch: false })).toBe(false);
    expect(await sendSignal(claimsOf(g.token), { kind: "media", data: { audio: true, video: true } })).toEqual({
      ok: false,
    });
    // Patients cannot invite.
    await expect(
      inviteGuest(s.patientActor, s.visit.id, { role: "CAREGIVER", displayName: "Someone" }, ctx()).catch(
        (e: unknown) => e,
      ),
    ).resolves.toSatisfy(isForbidden);
  });

  it("the database re-checks the seat on every message: made-up seat claims send nothing", async () => {
    const s = await setup();
    const { doc } = await inCall(s);
    const tampered: RoomClaims = { ...doc, r: "CLINICIAN", p: crypto.randomUUID() };
    expect(await sendSignal(tampered, { kind: "media", data: { audio: true, video: true } })).toEqual({ ok: false });
  });
});
