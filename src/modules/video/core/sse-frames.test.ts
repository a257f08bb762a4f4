import { describe, expect, it } from "vitest";
import { parseSseFrame, takeSseFrames } from "./sse-frames";

describe("splitting the event stream into frames", () => {
  it.each([
    ["", [], ""],
    ["id: 1\ndata: {}", [], "id: 1\ndata: {}"],
    ["id: 1\ndata: {}\n\n", ["id: 1\ndata: {}"], ""],
    ["id: 1\ndata: a\n\nid: 2\ndata: b\n\nid: 3\nda", ["id: 1\ndata: a", "id: 2\ndata: b"], "id: 3\nda"],
    [": keep-alive\n\n", [": keep-alive"], ""],
    ["\n\n\n\n", ["", ""], ""],
  ])("%j -> frames %j, rest %j", (buf, frames, rest) => {
    expect(takeSseFrames(buf)).toEqual({ frames, rest });
  });

  it("a frame split across reads comes out whole once its end arrives", () => {
    const first = takeSseFrames("id: 7\nevent: offer\nda");
    expect(first.frames).toEqual([]);
    expect(takeSseFrames(`${first.rest}ta: {"sdp":"x"}\n\n`)).toEqual({
      frames: ['id: 7\nevent: offer\ndata: {"sdp":"x"}'],
      rest: "",
    });
  });
});

describe("reading one frame", () => {
  it.each([
    ["id: 12\nevent: roster\ndata: {}", { id: "12", event: "roster", data: "{}" }],
    ["data: {}", { id: null, event: "message", data: "{}" }],
    ['id: 3\nevent: media\ndata: {"a":\ndata: 1}', { id: "3", event: "media", data: '{"a":1}' }],
    [": keep-alive", { id: null, event: "message", data: "" }],
    ["id:5\nevent:x\ndata:y", { id: null, event: "message", data: "" }],
    ["", { id: null, event: "message", data: "" }],
  ])("%j", (frame, parsed) => {
    expect(parseSseFrame(frame)).toEqual(parsed);
  });
});
