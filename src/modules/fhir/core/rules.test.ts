import { describe, expect, it } from "vitest";
import { checkAssertionClaims } from "./assertion";
import { capabilityStatement, smartConfiguration } from "./capability";
import { grantScopes, parseScope, permits, splitScope } from "./scopes";
import { matchesDates, matchesToken, nextPageUrl, page, parseDateParam, parseSearch, resourceDefs } from "./search";

describe("SMART scopes", () => {
  it.each([
    ["system/Patient.rs", { resourceType: "Patient", read: true, search: true }],
    ["system/Patient.r", { resourceType: "Patient", read: true, search: false }],
    ["system/Observation.s", { resourceType: "Observation", read: false, search: true }],
    ["system/*.rs", { resourceType: "*", read: true, search: true }],
    ["system/Patient.read", { resourceType: "Patient", read: true, search: true }],
    ["system/Patient.cruds", null],
    ["system/Patient.write", null],
    ["system/Patient.sr", null],
    ["patient/Patient.rs", null],
    ["user/*.read", null],
    ["openid", null],
  ])("parseScope(%j)", (s, expected) => expect(parseScope(s)).toEqual(expected));

  it.each([
    [["system/Patient.rs"], ["system/*.rs"], ["system/Patient.rs"]],
    [["system/Patient.rs", "system/Observation.rs"], ["system/Patient.rs"], ["system/Patient.rs"]],
    [["system/*.rs"], ["system/Patient.rs"], []],
    [["system/Patient.r"], ["system/Patient.rs"], ["system/Patient.r"]],
    [["system/Patient.rs"], ["system/Patient.r"], []],
    [["system/Patient.read"], ["system/Patient.rs"], ["system/Patient.read"]],
    [["system/Patient.rs", "system/Patient.rs"], ["system/*.rs"], ["system/Patient.rs"]],
    [["system/Patient.cruds"], ["system/*.rs"], []],
  ])("grantScopes(%j, allowed %j)", (req, allowed, expected) => expect(grantScopes(req, allowed)).toEqual(expected));

  it.each([
    [["system/Patient.rs"], "Patient", "read", true],
    [["system/Patient.rs"], "Observation", "read", false],
    [["system/Patient.r"], "Patient", "search", false],
    [["system/*.rs"], "Flag", "search", true],
    [["system/Observation.s"], "Observation", "read", false],
  ] as const)("permits(%j, %s, %s) = %s", (g, t, i, expected) => expect(permits([...g], t, i)).toBe(expected));

  it("splits a scope parameter", () =>
    expect(splitScope(" system/a.rs  system/b.rs ")).toEqual(["system/a.rs", "system/b.rs"]));
});

describe("client assertion claims", () => {
  const url = "https://clinic.test/fhir/R4/auth/token";
  const now = new Date("2026-03-04T12:00:00Z");
  const s = now.getTime() / 1000;
  const good = { iss: "c1", sub: "c1", aud: url, exp: s + 240, jti: "j1" };
  it.each([
    ["a good assertion", good, null],
    ["aud as a list", { ...good, aud: ["x", url] }, null],
    ["no iss", { ...good, iss: undefined }, "iss is missing"],
    ["sub differs", { ...good, sub: "c2" }, "sub must equal iss (the client id)"],
    ["wrong aud", { ...good, aud: "https://other.test/token" }, "aud must be the token endpoint URL"],
    ["expired", { ...good, exp: s - 60 }, "the assertion has expired"],
    ["exp too far ahead", { ...good, exp: s + 3600 }, "exp may be at most 5 minutes ahead"],
    ["no exp", { ...good, exp: undefined }, "exp is missing"],
    ["no jti", { ...good, jti: undefined }, "jti is missing"],
  ])("%s", (_n, claims, reason) => {
    const r = checkAssertionClaims(claims, url, now);
    if (reason === null)
      expect(r).toEqual({ ok: true, clientId: "c1", jti: claims.jti, exp: new Date((s + 240) * 1000) });
    else expect(r).toEqual({ ok: false, reason });
  });
});

describe("search parameters", () => {
  const q = (type: Parameters<typeof parseSearch>[0], qs: string) => parseSearch(type, new URLSearchParams(qs));
  it.each([
    ["Patient", "", { ok: true }],
    ["Patient", "_id=a,b&_count=10", { ok: true, query: { ids: ["a", "b"], count: 10 } }],
    ["Patient", "identifier=MRN-1", { ok: true, query: { tokens: { identifier: ["MRN-1"] } } }],
    [
      "Observation",
      "patient=Patient/p1&code=http://loinc.org|44261-6",
      { ok: true, query: { patients: ["p1"], tokens: { code: ["http://loinc.org|44261-6"] } } },
    ],
    ["Observation", "patient=p1,p2&patient=p2", { ok: true, query: { patients: ["p2"] } }],
    ["Observation", "code=44261-6", { ok: false, param: "patient" }],
    ["Observation", "patient=p1&color=red", { ok: false, param: "color" }],
    ["Observation", "patient=p1&code:text=x", { ok: false, param: "code:text" }],
    ["Observation", "patient=p1&date=yesterday", { ok: false, param: "date" }],
    ["Patient", "_count=0", { ok: false, param: "_count" }],
    ["Patient", "_count=500", { ok: false, param: "_count" }],
    ["Patient", "_count=ten", { ok: false, param: "_count" }],
    ["Patient", "_id=bad id!", { ok: false, param: "_id" }],
    ["Flag", "patient=p1&status=active", { ok: true, query: { tokens: { status: ["active"] } } }],
    ["Flag", "patient=p1&code=x", { ok: false, param: "code" }],
    ["Patient", "_format=xml", { ok: false, param: "_format" }],
  ] as const)("%s?%s", (type, qs, expected) => expect(q(type, qs)).toMatchObject(expected));

  it("names the parameter in the message", () => {
    const r = q("Observation", "patient=p1&color=red");
    expect(r.ok ? "" : r.message).toBe("color: is not a supported search parameter for Observation");
  });

  it.each([
    ["2026", "eq", "2026-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
    ["ge2026-03", "ge", "2026-03-01T00:00:00.000Z", "2026-04-01T00:00:00.000Z"],
    ["lt2026-03-04", "lt", "2026-03-04T00:00:00.000Z", "2026-03-05T00:00:00.000Z"],
    ["gt2026-03-04T10:00:00Z", "gt", "2026-03-04T10:00:00.000Z", "2026-03-04T10:00:01.000Z"],
    ["2026-03-04T10:00-07:00", "eq", "2026-03-04T17:00:00.000Z", "2026-03-04T17:01:00.000Z"],
  ])("date %s", (v, op, from, to) => expect(parseDateParam(v)).toEqual({ op, from: new Date(from), to: new Date(to) }));
  it.each(["2026-13-01", "2026-02-30", "2026-03-04T24:00Z", "03/04/2026", "ne2026", ""])("date %j is refused", (v) =>
    expect(parseDateParam(v)).toBeNull(),
  );

  it.each([
    ["2026-03-04T10:00:00Z", "2026-03-04", true],
    ["2026-03-05T00:00:00Z", "2026-03-04", false],
    ["2026-03-05T00:00:00Z", "gt2026-03-04", true],
    ["2026-03-04T23:59:59Z", "gt2026-03-04", false],
    ["2026-03-04T23:59:59Z", "le2026-03-04", true],
    ["2026-03-03T23:59:59Z", "lt2026-03-04", true],
    ["2026-03-04T00:00:00Z", "lt2026-03-04", false],
    ["2026-03-04T00:00:00Z", "ge2026-03-04", true],
  ])("%s matches %s: %s", (atIso, v, expected) =>
    expect(matchesDates(new Date(atIso), [parseDateParam(v)!])).toBe(expected),
  );

  it.each([
    [["44261-6"], "http://loinc.org", "44261-6", true],
    [["http://loinc.org|44261-6"], "http://loinc.org", "44261-6", true],
    [["http://snomed.info/sct|44261-6"], "http://loinc.org", "44261-6", false],
    [["|x"], undefined, "x", true],
    [["|x"], "http://loinc.org", "x", false],
    [["91147-9", "44261-6"], "http://loinc.org", "44261-6", true],
    [undefined, "s", "c", true],
  ])("token %j matches %s|%s: %s", (values, system, code, expected) =>
    expect(matchesToken(values, system, code)).toBe(expected),
  );

  it("pages and links the next page", () => {
    expect(page([1, 2, 3, 4, 5], { count: 2, offset: 2 })).toEqual({ items: [3, 4], more: true });
    expect(page([1, 2, 3, 4, 5], { count: 2, offset: 4 })).toEqual({ items: [5], more: false });
    expect(nextPageUrl("https://c.test/fhir/R4/Patient?_count=2", { count: 2, offset: 0 })).toBe(
      "https://c.test/fhir/R4/Patient?_count=2&_offset=2",
    );
  });
});

describe("CapabilityStatement and SMART configuration", () => {
  const base = "https://c.test/fhir/R4";
  const cs = capabilityStatement(base, new Date());
  it("lists every implemented type with exactly the parameters the parser takes", () => {
    const listed = cs.rest?.[0]?.resource?.map((r) => [
      r.type,
      r.searchParam?.map((p) => p.name) ?? [],
      r.searchInclude ?? [],
      r.interaction?.map((i) => i.code),
    ]);
    // Then Group, read-only (the LTOT registry for bulk export: core/bulk-capability.ts).
    expect(listed).toEqual([
      ...Object.entries(resourceDefs).map(([t, d]) => [
        t,
        d.params.map((p) => p.name),
        "includes" in d ? d.includes : [],
        [
          "read",
          ...("versioned" in d ? ["vread", "history-instance"] : []),
          ...("readOnly" in d ? [] : ["search-type"]),
        ],
      ]),
      ["Group", [], [], ["read"]],
    ]);
  });
  it("advertises the token endpoint in both places", () => {
    expect(smartConfiguration(base).token_endpoint).toBe(`${base}/auth/token`);
    expect(JSON.stringify(cs)).toContain(`${base}/auth/token`);
    expect(smartConfiguration(base).token_endpoint_auth_signing_alg_values_supported).toEqual(["RS384", "ES384"]);
  });
});
