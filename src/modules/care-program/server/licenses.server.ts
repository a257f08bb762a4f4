import "server-only";
import { writeAudit } from "@/server/audit";
import { authorize } from "@/server/auth/actor";
import { db, type Tx } from "@/server/db";
import { AppError, pgErrorCode } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../../identity/core/roles";
import type { LicenseRecord } from "../core/licenses";
import { canDea } from "../dea-policy";
import type { ClinicianLicenseInput } from "../dea-schemas";

type Client = Tx | typeof db;
const who = (a: Actor) => ({ userId: a.userId, role: a.role });
const dateOnly = (d: Date) => d.toISOString().slice(0, 10);

export type ClinicianLicenseRow = {
  id: string;
  state: string;
  licenseNumber: string | null;
  expiresOn: string | null;
  createdAt: string;
};

/** A clinician's licensed states for the admin (Administration > Users > the clinician). */
export async function listClinicianLicenses(actor: Actor, clinicianId: string): Promise<ClinicianLicenseRow[]> {
  await authorize(actor, canDea(actor.role, "license.read"), {
    entityType: "ClinicianLicense",
    entityId: clinicianId,
    action: "READ",
  });
  const rows = await db.clinicianLicense.findMany({
    where: { clinicianId },
    orderBy: { state: "asc" },
    select: { id: true, state: true, licenseNumber: true, expiresOn: true, createdAt: true },
  });
  return rows.map((r) => ({
    id: r.id,
    state: r.state,
    licenseNumber: r.licenseNumber,
    expiresOn: r.expiresOn ? dateOnly(r.expiresOn) : null,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** Licenses of some clinicians, for the licensure check (a data function: the caller authorizes). */
export async function licensesOf(
  clinicianIds: readonly string[],
  client: Client = db,
): Promise<Map<string, LicenseRecord[]>> {
  const out = new Map<string, LicenseRecord[]>();
  if (clinicianIds.length === 0) return out;
  const rows = await client.clinicianLicense.findMany({
    where: { clinicianId: { in: [...new Set(clinicianIds)] } },
    select: { clinicianId: true, state: true, expiresOn: true },
  });
  for (const r of rows) {
    const list = out.get(r.clinicianId) ?? [];
    list.push({ state: r.state, expiresOn: r.expiresOn ? dateOnly(r.expiresOn) : null });
    out.set(r.clinicianId, list);
  }
  return out;
}

async function assertClinician(clinicianId: string, client: Client): Promise<void> {
  const u = await client.user.findUnique({ where: { id: clinicianId }, select: { role: true } });
  if (!u) throw new AppError("NOT_FOUND");
  if (u.role !== "CLINICIAN")
    throw new AppError("VALIDATION", "Licenses are recorded for clinicians only.", {
      state: ["This account is not a clinician's"],
    });
}

export async function addClinicianLicense(
  actor: Actor,
  clinicianId: string,
  input: ClinicianLicenseInput,
  ctx: RequestContext,
): Promise<{ id: string }> {
  await authorize(actor, canDea(actor.role, "license.manage"), {
    entityType: "ClinicianLicense",
    entityId: clinicianId,
    action: "CREATE",
  });
  try {
    return await db.$transaction(async (tx) => {
      await assertClinician(clinicianId, tx);
      const row = await tx.clinicianLicense.create({
        data: {
          clinicianId,
          state: input.state,
          licenseNumber: input.licenseNumber,
          expiresOn: input.expiresOn ? new Date(`${input.expiresOn}T00:00:00Z`) : null,
          createdById: actor.userId,
        },
        select: { id: true },
      });
      await writeAudit(
        {
          actor: who(actor),
          action: "CREATE",
          entityType: "ClinicianLicense",
          entityId: row.id,
          outcome: "SUCCESS",
          ctx,
          details: { clinicianId, state: input.state, expiresOn: input.expiresOn },
        },
        tx,
      );
      return row;
    });
  } catch (e) {
    if (pgErrorCode(e) === "23505" || (e as { code?: string })?.code === "P2002") {
      throw new AppError(
        "CONFLICT",
        `A ${input.state} license is already on record for this clinician: remove it first to replace it.`,
        { state: [`${input.state} is already on record`] },
      );
    }
    throw e;
  }
}

export async function removeClinicianLicense(
  actor: Actor,
  clinicianId: string,
  licenseId: string,
  ctx: RequestContext,
): Promise<void> {
  await authorize(actor, canDea(actor.role, "license.manage"), {
    entityType: "ClinicianLicense",
    entityId: licenseId,
    action: "UPDATE",
  });
  await db.$transaction(async (tx) => {
    const row = await tx.clinicianLicense.findFirst({
      where: { id: licenseId, clinicianId },
      select: { id: true, state: true },
    });
    if (!row) throw new AppError("NOT_FOUND");
    await tx.clinicianLicense.delete({ where: { id: row.id } });
    await writeAudit(
      {
        actor: who(actor),
        action: "DELETE",
        entityType: "ClinicianLicense",
        entityId: row.id,
        outcome: "SUCCESS",
        ctx,
        details: { clinicianId, state: row.state },
      },
      tx,
    );
  });
}
