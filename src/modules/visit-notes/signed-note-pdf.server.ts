import "server-only";
import { patientConsentsUnaudited } from "@/modules/consent/index.server";
import { db } from "@/server/db";
import { buildNoteView } from "./get-visit-note.server";
import { renderNotePdf } from "./note-pdf.server";

/**
 * A signed note's PDF by the note's id, for a system caller that has authorized and audits the
 * read itself (the FHIR API's Binary, docs/decisions/fhir-api.md): the same view and rendering as
 * the staff export (`/api/visits/<id>/note-pdf`). Null when there is no signed note with that id.
 */
export async function signedNotePdfUnaudited(
  noteId: string,
): Promise<{ pdf: Buffer; patientId: string; visitId: string; signedAt: Date } | null> {
  const note = await db.visitNote.findUnique({
    where: { id: noteId },
    select: { visitId: true, patientId: true, status: true, signedAt: true },
  });
  if (!note || note.status !== "SIGNED" || !note.signedAt) return null;
  const { view } = await buildNoteView(note.visitId, patientConsentsUnaudited);
  return { pdf: await renderNotePdf(view), patientId: note.patientId, visitId: note.visitId, signedAt: note.signedAt };
}
