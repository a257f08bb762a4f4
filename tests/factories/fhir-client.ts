import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { NextRequest } from "next/server";
import type { Bundle, Resource } from "@medplum/fhirtypes";
import { GET as readRoute } from "@/app/fhir/R4/[type]/[id]/route";
import { GET as searchRoute } from "@/app/fhir/R4/[type]/route";
import { POST as tokenRoute } from "@/app/fhir/R4/auth/token/route";
import { fhirBaseUrl } from "@/modules/fhir/index.server";
import { beginRequest } from "./next-request";

/**
 * SMART Backend Services from a test: real RS384/ES384 keys, signed assertions, the token route,
 * and read/search calls through the route handlers (docs/decisions/fhir-api.md). The caller mocks
 * next/headers and next/cache as tests/integration/fhir-api.test.ts does.
 */
export type Key = { privateKey: CryptoKey; jwk: JWK };
export async function makeKey(alg: "RS384" | "ES384", kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg } };
}

export const tokenUrl = () => `${fhirBaseUrl()}/auth/token`;

export async function signAssertion(clientId: string, key: Key, over: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { jti: randomUUID(), iss: clientId, sub: clientId, aud: tokenUrl(), exp: now + 240, ...over };
  return new SignJWT(claims).setProtectedHeader({ alg: key.jwk.alg!, kid: key.jwk.kid }).sign(key.privateKey);
}

export const tokenForm = (assertion: string, scope: string) => ({
  grant_type: "client_credentials",
  client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
  client_assertion: assertion,
  scope,
});

export async function requestToken(clientId: string, key: Key, scope = "system/*.rs"): Promise<string> {
  beginRequest();
  const res = await tokenRoute(
    new NextRequest(tokenUrl(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(tokenForm(await signAssertion(clientId, key), scope)).toString(),
    }),
    {},
  );
  const body = (await res.json()) as { access_token?: string };
  if (res.status !== 200 || !body.access_token) throw new Error(`token: ${res.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

/** GET <base>/<path> through the read or search route; the raw Response (a Binary may be a PDF). */
export async function fhirGet(path: string, token: string | null, headers: Record<string, string> = {}) {
  const base = fhirBaseUrl();
  const url = new URL(path.startsWith("http") ? path : `${base}/${path}`);
  const [type, id] = url.pathname.slice(new URL(base).pathname.length + 1).split("/");
  const requestId = beginRequest();
  const req = new NextRequest(url, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
  const res = id
    ? await readRoute(req, { params: Promise.resolve({ type: type!, id }) })
    : await searchRoute(req, { params: Promise.resolve({ type: type! }) });
  return { res, requestId: res.headers.get("x-request-id") ?? requestId };
}

export async function fhirJson(path: string, token: string | null) {
  const { res, requestId } = await fhirGet(path, token);
  return { status: res.status, body: (await res.json()) as Resource, requestId };
}

export const entriesOf = (b: Resource, mode: "match" | "include" = "match") =>
  ((b as Bundle).entry ?? []).filter((e) => e.search?.mode === mode).map((e) => e.resource!);
