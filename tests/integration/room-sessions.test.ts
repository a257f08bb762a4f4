import { describe, expect, it } from "vitest";
import { isUserSessionLive, liveUserSessionSql } from "@/modules/identity/session-liveness.server";
import { issuePatientLink, redeemPatientLink, revokePatientLinks } from "@/modules/patient-access/index.server";
import { linkCookieName, readLinkSessionFrom } from "@/modules/patient-access/sessions.server";
import { verifyRoomToken } from "@/modules/video/core/room-token";
import { joinRoom, type RoomCredential } from "@/modules/video/join-room.server";
import { admitParticipant, inviteGuest } from "@/modules/video/manage-participants.server";
import { checkSeat } from "@/modules/video/seat.server";
import { sendSignal } from "@/modules/video/signals.server";
import { roomEventStream, SEAT_CHECK_MS } from "@/modules/video/stream.server";
import { revokeSession } from "@/server/auth/sign-in.server";
import { db, pgPool } from "@/server/db";
import { AppError } from "@/server/errors";
import { ctx, makePatient, makeUser, signedInActorFor } from "../factories";
import { giveConsent } from "../factories/consent";

/**
 * Issue 10 security 5 (first bullet) and docs/security-model.md#video-rooms (every token that grants access dies with
 * the session that issued it): a room seat names the session it was taken with, and every room
 * request re-checks it.
 */
const claimsOf = (token: string) => verifyRoomToken(token, process.env.NEXTAUTH_SECRET!)!;

async function setup() {
  const clinician = await signedInActorFor({ ...(await makeUser("CLINICIAN")), patientId: null });
  const coordinator = await signedInActorFor({ ...(await makeUser("COORDINATOR")), patientId: null });
  const patient = await makePatient();
  await giveConsent(patient.id); // admitting starts the visit, which needs consent (issue 10, D4)
  const type = await db.visitType.create({ data: { name: `Video ${crypto.randomUUID()}`, durationMinutes: 30 } });
  const startsAt = new Date(Date.now() + 5 * 60_000);
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
  return { clinician, coordinator, patient, visit };
}

/** The patient in the waiting room from their join link. */
async function patientFromLink(s: Awaited<ReturnType<typeof setup>>) {
  const l = await db.$transaction((tx) =>
    issuePatientLink(tx, {
      patientId: s.patient.id,
      purpose: "visit-join",
      subjectId: s.visit.id,
      expiresAt: new Date(s.visit.endsAt.getTime() + 3_600_000),
      by: null,
    }),
  );
  const r = await redeemPatientLink(l.token, { birthDate: "1970-01-15" }, ctx());
  const session = (await readLinkSessionFrom("visit-join", (n) =>
    n === linkCookieName("visit-join") && r.ok ? r.sessionSecret : undefined,
  ))!;
  const join = await joinRoom({ kind: "link", session }, s.visit.id, { hasCamera: true }, ctx());
  return { session, join, claims: claimsOf(join.token) };
}

async function readUntil(
  res: Response,
  re: RegExp,
): Promise<{ text: string; reader: ReadableStreamDefaultReader<Uint8Array> }> {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let text = "";
  while (!re.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error("stream ended early");
    text += dec.decode(value);
  }
  return { text, reader };
}

/** Resolves when the stream ends on the server's side (no abort from us). */
async function endsWithin(reader: ReadableStreamDefaultReader<Uint8Array>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const r = await Promise.race([
      reader.read(),
      new Promise<"wait">((resolve) => setTimeout(() => resolve("wait"), deadline - Date.now())),
    ]);
    if (r === "wait") return false;
    if (r.done) return true;
  }
  return false;
}

describe("a clinician's seat dies with their signed-in session", () => {
  it("after sign-out: join, signal, events and leave are refused, and the seat leaves the room", async () => {
    const s = await setup();
    const pat = await patientFromLink(s);
    const doc = await joinRoom({ kind: "actor", actor: s.clinician }, s.visit.id, { hasCamera: true }, ctx());
    const docClaims = claimsOf(doc.token);
    expect(docClaims).toMatchObject({ k: "u", s: s.clinician.sessionId });
    await admitParticipant(s.clinician, s.visit.id, pat.join.participantId, ctx());
    expect((await sendSignal(docClaims, { kind: "offer", to: pat.claims.p, data: { sdp: "v=0\r\n" } })).ok).toBe(true);

    await revokeSession(s.clinician, ctx(), false);

    // signal: the one statement refuses it.
    expect(await sendSignal(docClaims, { kind: "offer", to: pat.claims.p, data: { sdp: "v=0\r\n" } })).toEqual({
      ok: false,
    });
    // events / leave / phone-request: the seat check refuses and takes the seat out of the room.
    expect(await checkSeat(docClaims, { touch: false, ctx: ctx() })).toEqual({ ok: false, why: "session" });
    expect(await roomEventStream(docClaims, doc.cursor, doc.cursor, new AbortController().signal, ctx())).toBeNull();
    const seat = await db.videoParticipant.findUniqueOrThrow({ where: { id: docClaims.p } });
    expect(seat).toMatchObject({ state: "LEFT", connectionId: null });
    expect(
      await db.auditEvent.count({
        where: {
          entityType: "VideoRoom",
          entityId: s.visit.id,
          outcome: "DENIED",
          details: { path: ["event"], equals: "seat_ended" },
        },
      }),
    ).toBe(1);
    // join: a signed-out session gets no new seat.
    const e = await joinRoom({ kind: "actor", actor: s.clinician }, s.visit.id, { hasCamera: true }, ctx()).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("FORBIDDEN");
    // The patient's own seat is untouched.
    expect(await checkSeat(pat.claims, { touch: false, ctx: ctx() })).toEqual({ ok: true });
  });

  it("an open event stream ends within a few seconds of the sign-out", async () => {
    const s = await setup();
    const doc = await joinRoom({ kind: "actor", actor: s.clinician }, s.visit.id, { hasCamera: true }, ctx());
    const res = (await roomEventStream(
      claimsOf(doc.token),
      doc.cursor,
      doc.cursor,
      new AbortController().signal,
      ctx(),
    ))!;
    const { reader } = await readUntil(res, /event: roster/);
    expect(await endsWithin(reader, SEAT_CHECK_MS / 2)).toBe(false); // live while the session is
    await revokeSession(s.clinician, ctx(), false);
    expect(await endsWithin(reader, SEAT_CHECK_MS * 3)).toBe(true);
  });

  it.each([
    [
      "idle timeout",
      async (sessionId: string) =>
        db.session.update({ where: { id: sessionId }, data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } }),
    ],
    [
      "absolute cap",
      async (sessionId: string) =>
        db.session.update({ where: { id: sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } }),
    ],
    [
      "sign-out everywhere (session version)",
      async (sessionId: string) => {
        const { userId } = await db.session.findUniqueOrThrow({ where: { id: sessionId } });
        await db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
      },
    ],
    [
      "account deactivated",
      async (sessionId: string) => {
        const { userId } = await db.session.findUniqueOrThrow({ where: { id: sessionId } });
        await db.user.update({ where: { id: userId }, data: { active: false } });
      },
    ],
  ])("%s ends the seat too, and the SQL and the code agree on it", async (_name, endSession) => {
    const s = await setup();
    const pat = await patientFromLink(s);
    const doc = claimsOf(
      (await joinRoom({ kind: "actor", actor: s.clinician }, s.visit.id, { hasCamera: true }, ctx())).token,
    );
    await admitParticipant(s.clinician, s.visit.id, pat.join.participantId, ctx());
    const sqlLive = async () =>
      (
        await pgPool().query<{ live: boolean }>(
          `SELECT ${liveUserSessionSql({ sessionId: "$1", patientIdleMinutes: "$2", staffIdleMinutes: "$3" })} AS live`,
          [s.clinician.sessionId, 30, 30],
        )
      ).rows[0]!.live;
    expect([await isUserSessionLive(s.clinician.sessionId, { touch: false }), await sqlLive()]).toEqual([true, true]);
    await endSession(s.clinician.sessionId);
    expect([await isUserSessionLive(s.clinician.sessionId, { touch: false }), await sqlLive()]).toEqual([false, false]);
    expect(await sendSignal(doc, { kind: "media", data: { audio: true, video: true } })).toEqual({ ok: false });
    expect(await checkSeat(doc, { touch: false, ctx: ctx() })).toEqual({ ok: false, why: "session" });
  });

  it("an open room keeps a clinician's session alive only while the call is under way", async () => {
    const s = await setup();
    const doc = claimsOf(
      (await joinRoom({ kind: "actor", actor: s.clinician }, s.visit.id, { hasCamera: true }, ctx())).token,
    );
    const stale = new Date(Date.now() - 10 * 60_000);
    await db.session.update({ where: { id: s.clinician.sessionId }, data: { lastSeenAt: stale } });
    await checkSeat(doc, { touch: true, ctx: ctx() }); // waiting for the patient: not activity
    expect((await db.session.findUniqueOrThrow({ where: { id: s.clinician.sessionId } })).lastSeenAt).toEqual(stale);
    const pat = await patientFromLink(s);
    await admitParticipant(s.clinician, s.visit.id, pat.join.participantId, ctx()); // the call starts
    await checkSeat(doc, { touch: true, ctx: ctx() });
    expect(
      (await db.session.findUniqueOrThrow({ where: { id: s.clinician.sessionId } })).lastSeenAt.getTime(),
    ).toBeGreaterThan(stale.getTime());
  });
});

describe("patient and guest seats die with their link session", () => {
  it("the visit's links revoked: the patient's signal, events and leave are refused; an open stream ends", async () => {
    const s = await setup();
    const pat = await patientFromLink(s);
    expect(pat.claims).toMatchObject({ k: "l", s: pat.session.sessionId });
    const res = (await roomEventStream(
      pat.claims,
      pat.join.cursor,
      pat.join.cursor,
      new AbortController().signal,
      ctx(),
    ))!;
    const { reader } = await readUntil(res, /event: roster/);
    await revokePatientLinks(db, { purpose: "visit-join", subjectId: s.visit.id, reason: "test" });
    expect(await endsWithin(reader, SEAT_CHECK_MS * 3)).toBe(true);
    expect(await checkSeat(pat.claims, { touch: false, ctx: ctx() })).toEqual({ ok: false, why: "seat" }); // already taken out by the stream
    expect(await sendSignal(pat.claims, { kind: "media", data: { audio: true, video: true } })).toEqual({ ok: false });
    expect(
      await roomEventStream(pat.claims, pat.join.cursor, pat.join.cursor, new AbortController().signal, ctx()),
    ).toBeNull();
  });

  it("a link session that expired: the admitted patient can no longer signal", async () => {
    const s = await setup();
    const pat = await patientFromLink(s);
    const doc = await joinRoom({ kind: "actor", actor: s.clinician }, s.visit.id, { hasCamera: true }, ctx());
    await admitParticipant(s.clinician, s.visit.id, pat.join.participantId, ctx());
    expect(
      (await sendSignal(pat.claims, { kind: "answer", to: claimsOf(doc.token).p, data: { sdp: "v=0\r\n" } })).ok,
    ).toBe(true);
    await db.patientLinkSession.update({
      where: { id: pat.session.sessionId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(
      await sendSignal(pat.claims, { kind: "answer", to: claimsOf(doc.token).p, data: { sdp: "v=0\r\n" } }),
    ).toEqual({ ok: false });
    expect(await checkSeat(pat.claims, { touch: false, ctx: ctx() })).toEqual({ ok: false, why: "session" });
  });

  it("a guest whose link session ended cannot come back with the old room token", async () => {
    const s = await setup();
    const inv = await inviteGuest(s.coordinator, s.visit.id, { role: "CAREGIVER", displayName: "Ana" }, ctx());
    const r = await redeemPatientLink(inv.url.split("/l/")[1]!, { birthDate: null }, ctx());
    const session = (await readLinkSessionFrom("visit-guest", (n) =>
      n === linkCookieName("visit-guest") && r.ok ? r.sessionSecret : undefined,
    ))!;
    const cred: RoomCredential = { kind: "guest", session };
    const g = claimsOf((await joinRoom(cred, s.visit.id, { hasCamera: true }, ctx())).token);
    expect(await checkSeat(g, { touch: false, ctx: ctx() })).toEqual({ ok: true });
    await db.patientLinkSession.update({
      where: { id: session.sessionId },
      data: { endedAt: new Date(), endedReason: "test" },
    });
    expect(await checkSeat(g, { touch: false, ctx: ctx() })).toEqual({ ok: false, why: "session" });
  });
});
