import "server-only";
import { writeAudit } from "@/server/audit";
import { denyAccess } from "@/server/auth/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/request-context";
import type { Actor } from "../identity/core/roles";
import { canWriteNotes } from "./note-facts.server";

const who = (a: Actor) => ({ userId: a.userId, role: a.role });

/** An addendum to a signed note (the note itself is locked): its own row and audit row, in one transaction. */
export async function addAddendum(
  actor: Actor,
  input: { visitId: string; text: string },
  ctx: RequestContext,
): Promise<void> {
  if (!canWriteNotes(actor))
    await denyAccess(actor, { entityType: "NoteAddendum", entityId: input.visitId, action: "CREATE" });
  const note = await db.visitNote.findUnique({
    where: { visitId: input.visitId },
    select: { id: true, status: true, patientId: true },
  });
  if (!note) throw new AppError("NOT_FOUND");
  if (note.status !== "SIGNED")
    throw new AppError("VALIDATION", "Addenda are for signed notes: edit the draft instead.", {
      text: ["The note is not signed yet"],
    });
  await db.$transaction(async (tx) => {
    const a = await tx.noteAddendum.create({
      data: { noteId: note.id, authorId: actor.userId, text: input.text },
      select: { id: true },
    });
    await writeAudit(
      {
        actor: who(actor),
        action: "CREATE",
        entityType: "NoteAddendum",
        entityId: a.id,
        patientId: note.patientId,
        outcome: "SUCCESS",
        ctx,
      },
      tx,
    );
  });
}
