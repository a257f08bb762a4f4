import { describe, expect, it } from "vitest";
import {
  checkActionBody,
  checkRequestHead,
  clientIp,
  isInternalHeader,
  isMalformedPath,
  isSealed,
  isServerActionRequest,
  requestSeal,
  SEAL_HEADER,
} from "@/server/http-gate";
import { fromHeaders } from "@/server/request-context";

describe("internal headers never come from a client", () => {
  it.each([
    ["x-request-id", false, true],
    ["X-Pathname", false, true],
    ["x-nonce", false, true],
    ["x-csrf-token", false, true],
    ["content-security-policy", false, true],
    ["x-vpc-client-ip", true, true],
    ["x-vpc-seal", true, true],
    ["x-middleware-subrequest", true, true],
    ["x-invoke-path", true, true],
    ["x-forwarded-for", false, true],
    ["x-forwarded-host", false, true],
    ["x-real-ip", false, true],
    ["forwarded", false, true],
    ["x-forwarded-for", true, false],
    ["x-forwarded-proto", true, false],
    ["next-router-prefetch", false, false],
    ["rsc", false, false],
    ["next-action", false, false],
    ["cookie", false, false],
    ["origin", false, false],
  ])("%s (trust proxy %s) -> dropped %s", (name, trust, dropped) => {
    expect(isInternalHeader(name, trust)).toBe(dropped);
  });
});

describe("client address", () => {
  it.each([
    ["10.0.0.5", undefined, false, "10.0.0.5"],
    ["10.0.0.5", "6.6.6.6", false, "10.0.0.5"],
    ["10.0.0.5", "6.6.6.6", true, "6.6.6.6"],
    // Behind a proxy that appends: the client's own entry is on the left, the proxy's hop last.
    ["10.0.0.5", "6.6.6.6, 203.0.113.9", true, "203.0.113.9"],
    ["10.0.0.5", "not an ip <script>", true, "10.0.0.5"],
    [undefined, undefined, false, null],
  ] as const)("socket %s, X-Forwarded-For %s, trust %s -> %s", (socket, xff, trust, expected) => {
    expect(clientIp(socket, xff, trust)).toBe(expected);
  });

  it("is read by the app only when the custom server sealed it", () => {
    const seal = requestSeal();
    const forged = new Headers({ "x-vpc-client-ip": "6.6.6.6", "x-forwarded-for": "6.6.6.6", "x-real-ip": "6.6.6.6" });
    expect(fromHeaders(forged).ip).toBeNull();
    expect(fromHeaders(new Headers({ "x-vpc-client-ip": "6.6.6.6", [SEAL_HEADER]: "guess" })).ip).toBeNull();
    expect(fromHeaders(new Headers({ "x-vpc-client-ip": "10.0.0.5", [SEAL_HEADER]: seal })).ip).toBe("10.0.0.5");
    expect(isSealed((n) => (n === SEAL_HEADER ? seal : null))).toBe(true);
  });
});

describe("request line and headers", () => {
  const req = (method: string, url: string, headers: Record<string, string> = {}) => ({
    method,
    url,
    headers: { host: "clinic.test", ...headers },
  });
  it.each([
    [req("GET", "/patients"), null],
    [req("HEAD", "/"), null],
    [req("OPTIONS", "/api/visits"), null],
    [req("TRACE", "/api/visits"), 405],
    [req("TRACK", "/"), 405],
    [req("PUT", "/api/visits"), 405],
    [req("DELETE", "/login"), 405],
    // DELETE cancels a FHIR bulk export, on its status URL only.
    [req("DELETE", "/fhir/R4/bulk/0b7e4a52-58c4-4a43-9d51-9a0e1c2f3a4b"), null],
    [req("DELETE", "/fhir/R4/bulk/0b7e4a52-58c4-4a43-9d51-9a0e1c2f3a4b/Patient.ndjson"), 405],
    [req("DELETE", "/fhir/R4/Patient/0b7e4a52-58c4-4a43-9d51-9a0e1c2f3a4b"), 405],
    [req("DELETE", "/fhir/R4/bulk/0b7e4a52-58c4-4a43-9d51-9a0e1c2f3a4b", { origin: "https://evil.example" }), 403],
    [req("PROPFIND", "/"), 405],
    [req("GET", "/patients/%E0%A4%A"), 400],
    [req("GET", "/patients/%00"), 400],
    [req("GET", "/patients?q=%00"), null], // query strings are the schemas' job (they name the field)
    [req("POST", "/api/visits", { "content-length": "10", "sec-fetch-site": "same-origin" }), null],
    [req("POST", "/api/visits", { "content-length": "10", "sec-fetch-site": "cross-site" }), 403],
    [req("POST", "/patients/new", { "content-length": "10", origin: "https://evil.example" }), 403],
    [req("POST", "/patients/new", { "content-length": "10", origin: "null" }), 403],
    [req("POST", "/patients/new", { "content-length": "10", origin: "http://clinic.test" }), null],
    [req("POST", "/api/visits", { "content-length": String(1024 * 1024 + 1) }), 413],
    [req("POST", "/api/visits", { "content-length": "abc" }), 413],
    [req("POST", "/api/visits", { "transfer-encoding": "chunked" }), 411],
    [req("POST", "/api/visits", {}), null],
  ])("%j -> %s", (r, status) => {
    expect(checkRequestHead(r)?.status ?? null).toBe(status);
  });
});

describe("server action envelopes", () => {
  it.each([
    ["POST", "/patients/new", { "next-action": "abc", "content-type": "text/plain" }, true],
    ["POST", "/patients/new", { "content-type": "multipart/form-data; boundary=x" }, true],
    ["POST", "/api/visits", { "next-action": "abc" }, false],
    ["POST", "/login", { "content-type": "application/x-www-form-urlencoded" }, false],
    ["GET", "/patients/new", { "next-action": "abc" }, false],
  ] as const)("%s %s %j is an action: %s", (m, u, h, expected) => {
    expect(isServerActionRequest(m, u, h)).toBe(expected);
  });

  const multipart = (fields: Record<string, string>) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    return new Response(fd);
  };
  const check = async (headers: Record<string, string>, body: Buffer) =>
    (await checkActionBody(headers, body))?.status ?? null;

  it.each([
    ['["a", 1, {}]', null],
    ["[]", null],
    ["not json", 400],
    ['{"__proto__":{}}', 400],
    ['"text"', 400],
    ["", 400],
  ])("fetch action text body %s -> %s", async (text, status) => {
    expect(await check({ "next-action": "x", "content-type": "text/plain;charset=UTF-8" }, Buffer.from(text))).toBe(
      status,
    );
  });

  it("multipart bodies: the fetch root must be an array, a form's action reference well formed", async () => {
    const encode = async (fields: Record<string, string>) => {
      const r = multipart(fields);
      return { ct: r.headers.get("content-type")!, body: Buffer.from(await r.arrayBuffer()) };
    };
    let m = await encode({ "0": '["$K1"]', "1_name": "x" });
    expect(await check({ "next-action": "x", "content-type": m.ct }, m.body)).toBeNull();
    m = await encode({ "0": "{}" });
    expect(await check({ "next-action": "x", "content-type": m.ct }, m.body)).toBe(400);
    m = await encode({ $ACTION_ID_abc: "", name: "x" });
    expect(await check({ "content-type": m.ct }, m.body)).toBeNull();
    m = await encode({ $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"abc","bound":"$@1"}', "$ACTION_1:1": '["id"]' });
    expect(await check({ "content-type": m.ct }, m.body)).toBeNull();
    m = await encode({ $ACTION_REF_1: "", "$ACTION_1:0": "nope" });
    expect(await check({ "content-type": m.ct }, m.body)).toBe(400);
    m = await encode({ $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"abc","bound":"$@1"}', "$ACTION_1:1": "[oops" });
    expect(await check({ "content-type": m.ct }, m.body)).toBe(400);
    expect(await check({ "content-type": "multipart/form-data; boundary=zzz" }, Buffer.from("garbage"))).toBe(400);
  });

  it.each([
    ["/patients", false],
    ["/patients/abc?q=%00", false],
    ["/a%20b", false],
    ["/%E0%A4%A", true],
    ["/x%0Ay", true],
  ])("path %s malformed: %s", (p, expected) => {
    expect(isMalformedPath(p)).toBe(expected);
  });
});
