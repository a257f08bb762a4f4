import "server-only";
import { authorize } from "@/server/auth/actor";
import { db } from "@/server/db";
import { patientLanguage } from "@/i18n/request-locale.server";
import { getEnv } from "@/server/env";
import { logger } from "@/server/logger";
import type { Actor } from "../identity/core/roles";
import { formatUsPhone } from "../patients/core/format";
import { reminderText } from "./core/reminders";
import { joinLinkExpiry } from "./core/visit-lifecycle";
import { issuePatientLink } from "../patient-access/index.server";
import { canSchedule } from "./policy";

/**
 * Reminder outbox. Booking writes ReminderMessage rows in its transaction; this module sends
 * them. Safe with several app instances and across restarts:
 * - a claim takes due rows with FOR UPDATE SKIP LOCKED and leases them (claimedUntil), so two
 *   instances never take the same row and a crash mid-send frees the row when the lease ends;
 * - the unique (visitId, kind, visitSequence) means a row is created once per visit version;
 * - a row is marked SENT with `WHERE status = 'PENDING'`, so it is sent once (at-least-once only
 *   if the process dies between the SMTP handoff and that update).
 * With no sender configured, due rows become HELD: kept, and shown to staff on /reminders.
 */
export type OutboundMessage = { to: string; subject: string; body: string };
export type ReminderSender = { name: string; send(m: OutboundMessage): Promise<void> };

let smtpSender: ReminderSender | null | undefined;

/** SMTP when SMTP_URL is set; otherwise null (messages are held for staff). */
export async function getConfiguredSender(): Promise<ReminderSender | null> {
  if (smtpSender !== undefined) return smtpSender;
  const env = getEnv();
  if (!env.SMTP_URL) return (smtpSender = null);
  const nodemailer = await import("nodemailer");
  const transport = nodemailer.createTransport(env.SMTP_URL);
  smtpSender = {
    name: "smtp",
    async send(m) {
      await transport.sendMail({ from: env.SMTP_FROM, to: m.to, subject: m.subject, text: m.body });
    },
  };
  return smtpSender;
}

const LEASE_SECONDS = 120;
const MAX_ATTEMPTS = 5;

export type TickResult = { claimed: number; sent: number; held: number; cancelled: number; failed: number };

export async function processDueReminders(
  opts: { sender?: ReminderSender | null; now?: Date; limit?: number } = {},
): Promise<TickResult> {
  const now = opts.now ?? new Date();
  const sender = opts.sender === undefined ? await getConfiguredSender() : opts.sender;
  const limit = opts.limit ?? 50;
  const leaseUntil = new Date(now.getTime() + LEASE_SECONDS * 1000);
  const claimed = await db.$queryRaw<{ id: string }[]>`
    UPDATE "ReminderMessage" SET "claimedUntil" = ${leaseUntil}, "attempts" = "attempts" + 1, "updatedAt" = ${now}
    WHERE "id" IN (
      SELECT "id" FROM "ReminderMessage"
      WHERE "status" = 'PENDING' AND "sendAfter" <= ${now} AND ("claimedUntil" IS NULL OR "claimedUntil" < ${now})
      ORDER BY "sendAfter" LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING "id"`;
  const result: TickResult = { claimed: claimed.length, sent: 0, held: 0, cancelled: 0, failed: 0 };
  if (!claimed.length) return result;
  const rows = await db.reminderMessage.findMany({
    where: { id: { in: claimed.map((c) => c.id) } },
    select: {
      id: true,
      kind: true,
      visitSequence: true,
      attempts: true,
      visit: {
        select: {
          id: true,
          patientId: true,
          status: true,
          sequence: true,
          startsAt: true,
          endsAt: true,
          modality: true,
          phoneNumber: true,
          patient: { select: { email: true, timeZone: true, preferredLanguage: true } },
        },
      },
    },
  });
  const clinicName = getEnv().CLINIC_NAME;
  for (const r of rows) {
    const v = r.visit;
    const stale =
      v.sequence !== r.visitSequence ||
      !["SCHEDULED", "CHECKED_IN"].includes(v.status) ||
      v.startsAt.getTime() <= now.getTime();
    if (stale) {
      await db.reminderMessage.updateMany({
        where: { id: r.id, status: "PENDING" },
        data: { status: "CANCELLED", lastError: "visit changed or already started" },
      });
      result.cancelled++;
      continue;
    }
    if (!sender || !v.patient.email) {
      await db.reminderMessage.updateMany({
        where: { id: r.id, status: "PENDING" },
        data: { status: "HELD", lastError: sender ? "no email address on file" : "email is not configured" },
      });
      result.held++;
      continue;
    }
    try {
      const language = patientLanguage(v.patient.preferredLanguage);
      // A fresh join link per sent reminder (the raw token exists only in the message). Its
      // landing page opens in the message's language (?lang=, before the patient is known).
      const link =
        v.modality === "VIDEO"
          ? (
              await db.$transaction((tx) =>
                issuePatientLink(tx, {
                  patientId: v.patientId,
                  purpose: "visit-join",
                  subjectId: v.id,
                  expiresAt: joinLinkExpiry(v.endsAt),
                  by: null,
                  now,
                }),
              )
            ).url
          : null;
      const joinUrl = link && language.locale !== "en" ? `${link}?lang=${language.locale}` : link;
      // Worded now, at sending, not when the reminder was planned: a late "24 h" one may be for
      // today. In the patient's preferred language and zone.
      const text = reminderText({
        t: language.t,
        modality: v.modality,
        visitStartsAt: v.startsAt,
        sentAt: now,
        timeZone: v.patient.timeZone,
        clinicName,
        joinUrl,
        phoneLabel: v.phoneNumber ? formatUsPhone(v.phoneNumber) : null,
      });
      await sender.send({ to: v.patient.email, ...text });
      await db.reminderMessage.updateMany({
        where: { id: r.id, status: "PENDING" },
        data: { status: "SENT", sentAt: new Date(), lastError: null },
      });
      result.sent++;
    } catch (e) {
      const final = r.attempts >= MAX_ATTEMPTS;
      await db.reminderMessage.updateMany({
        where: { id: r.id, status: "PENDING" },
        data: { status: final ? "FAILED" : "PENDING", lastError: e instanceof Error ? e.name : "send failed" },
      });
      logger.warn("reminder.send_failed", { reminderId: r.id, attempt: r.attempts, final });
      result.failed++;
    }
  }
  return result;
}

export type OutboxItem = {
  id: string;
  visitId: string;
  kind: string;
  status: "PENDING" | "SENT" | "HELD" | "FAILED" | "CANCELLED";
  sendAfter: string;
  sentAt: string | null;
  attempts: number;
  note: string | null;
  patientName: string;
  startsAt: string;
  modality: "VIDEO" | "PHONE";
  phoneNumber: string | null;
};

/** Staff view of the outbox (held and failed first). Runs a tick first, so it is current even without the background tick. */
export async function listOutbox(
  actor: Actor,
  opts: { status?: OutboxItem["status"] | null; now?: Date } = {},
): Promise<{ rows: OutboxItem[]; counts: Record<string, number>; senderConfigured: boolean }> {
  await authorize(actor, canSchedule(actor.role, "reminder.list"), { entityType: "ReminderMessage", action: "LIST" });
  const [rows, grouped] = await Promise.all([
    db.reminderMessage.findMany({
      where: opts.status ? { status: opts.status } : { status: { in: ["HELD", "FAILED", "PENDING"] } },
      select: {
        id: true,
        visitId: true,
        kind: true,
        status: true,
        sendAfter: true,
        sentAt: true,
        attempts: true,
        lastError: true,
        visit: {
          select: {
            startsAt: true,
            modality: true,
            phoneNumber: true,
            patient: { select: { givenName: true, familyName: true } },
          },
        },
      },
      orderBy: [{ sendAfter: "asc" }],
      take: 200,
    }),
    db.reminderMessage.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  const showNames = actor.role !== "ADMIN";
  return {
    rows: rows.map((r) => ({
      id: r.id,
      visitId: r.visitId,
      kind: r.kind,
      status: r.status,
      sendAfter: r.sendAfter.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
      attempts: r.attempts,
      note: r.lastError,
      // Admins see the queue's health, not who the messages are for.
      patientName: showNames ? `${r.visit.patient.givenName} ${r.visit.patient.familyName}` : "(hidden)",
      startsAt: r.visit.startsAt.toISOString(),
      modality: r.visit.modality,
      phoneNumber: showNames ? r.visit.phoneNumber : null,
    })),
    counts: Object.fromEntries(grouped.map((g) => [g.status, g._count._all])),
    senderConfigured: (await getConfiguredSender()) !== null,
  };
}
