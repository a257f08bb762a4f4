/**
 * Server-sent event framing for the room's event stream. The browser reads the stream with fetch
 * (so the room token stays in a header) instead of EventSource, so it splits frames itself: a
 * frame ends with a blank line and has "id: ", "event: " and "data: " lines.
 */
export type SseFrame = { id: string | null; event: string; data: string };

/** The complete frames at the start of the buffer, and the rest (a frame still arriving). */
export function takeSseFrames(buf: string): { frames: string[]; rest: string } {
  const frames: string[] = [];
  let rest = buf;
  let i: number;
  while ((i = rest.indexOf("\n\n")) >= 0) {
    frames.push(rest.slice(0, i));
    rest = rest.slice(i + 2);
  }
  return { frames, rest };
}

/** One frame's id (null if none), event name ("message" if none) and data (data lines joined). */
export function parseSseFrame(frame: string): SseFrame {
  let id: string | null = null;
  let event = "message";
  let data = "";
  for (const line of frame.split("\n")) {
    if (line.startsWith("id: ")) id = line.slice(4);
    else if (line.startsWith("event: ")) event = line.slice(7);
    else if (line.startsWith("data: ")) data += line.slice(6);
  }
  return { id, event, data };
}
