import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { expect, expectAccessible, instanceA, instanceB, loginAs, test } from "./fixtures";

/**
 * Issue 13 through the real servers: an admin registers a SMART Backend Services client on the
 * page, the client signs its own assertion, gets a token from one instance and reads from the
 * other (tokens live in PostgreSQL, not in a process), scopes hold, and revoking on the page ends
 * the token at once.
 */
test("an admin registers a FHIR client; it gets a token, reads patients on the other instance, is held to its scopes, and revoking ends it", async ({
  page,
  request,
}) => {
  const kid = `e2e-${randomUUID().slice(0, 8)}`;
  const { privateKey, publicKey } = await generateKeyPair("ES384", { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "ES384", use: "sig" };
  const name = `E2E registry ${kid}`;

  await loginAs(page, "admin");
  await page.goto(`${instanceA}/admin/fhir-clients`);
  await expectAccessible(page, "FHIR clients");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Public key set (JWKS)").fill(JSON.stringify({ keys: [jwk] }));
  await page.getByLabel("system/Patient.rs").check();
  await page.getByRole("button", { name: "Register client" }).click();
  const card = page.getByRole("article", { name });
  await expect(card).toContainText("Active");
  const clientId = (await card.locator("code").first().textContent())?.trim() ?? "";
  expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
  const tokenUrl = /tokens at (\S+\/auth\/token)/.exec(
    (await page.getByText(/gets tokens at/).textContent()) ?? "",
  )?.[1];
  expect(tokenUrl, "the page names the token endpoint").toBe(`${instanceA}/fhir/R4/auth/token`);

  const assertion = (key: CryptoKey, jti = randomUUID()) =>
    new SignJWT({})
      .setProtectedHeader({ alg: "ES384", kid, typ: "JWT" })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(tokenUrl!)
      .setJti(jti)
      .setIssuedAt()
      .setExpirationTime("4m")
      .sign(key);
  const askToken = async (signed: string, scope: string) =>
    request.post(`${instanceA}/fhir/R4/auth/token`, {
      form: {
        grant_type: "client_credentials",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: signed,
        scope,
      },
    });

  // A scope it was not given is not granted; the one it has is.
  const jti = randomUUID();
  const granted = await askToken(await assertion(privateKey, jti), "system/Patient.rs system/Observation.rs");
  expect(granted.status()).toBe(200);
  const token = (await granted.json()) as {
    access_token: string;
    token_type: string;
    scope: string;
    expires_in: number;
  };
  // The token's stated lifetime is the configured 5 minutes (a property of the token, not a timing).
  expect(token).toMatchObject({ token_type: "bearer", scope: "system/Patient.rs", expires_in: 300 });
  // The same assertion again is a replay.
  const replay = await askToken(await assertion(privateKey, jti), "system/Patient.rs");
  expect(replay.status()).toBe(401);
  expect(await replay.json()).toMatchObject({ error: "invalid_client" });

  const auth = { authorization: `Bearer ${token.access_token}` };
  const patients = await request.get(`${instanceB}/fhir/R4/Patient?_count=5`, { headers: auth });
  expect(patients.status()).toBe(200);
  expect(patients.headers()["content-type"]).toContain("application/fhir+json");
  const bundle = (await patients.json()) as {
    resourceType: string;
    type: string;
    entry?: { resource: { resourceType: string; identifier?: unknown[] } }[];
    link?: { relation: string }[];
  };
  expect(bundle).toMatchObject({ resourceType: "Bundle", type: "searchset" });
  expect(bundle.entry?.length).toBe(5);
  expect(
    bundle.entry!.every((e) => e.resource.resourceType === "Patient" && (e.resource.identifier?.length ?? 0) > 0),
  ).toBe(true);
  expect(bundle.link?.map((l) => l.relation)).toContain("next");

  // Observations were not granted: 403 as an OperationOutcome.
  const denied = await request.get(`${instanceB}/fhir/R4/Observation?patient=${randomUUID()}`, { headers: auth });
  expect(denied.status()).toBe(403);
  expect(await denied.json()).toMatchObject({ resourceType: "OperationOutcome" });

  // Revoked on the page: the token stops working on both instances at once.
  await card.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByRole("article", { name })).toContainText("Revoked");
  for (const base of [instanceA, instanceB]) {
    const after = await request.get(`${base}/fhir/R4/Patient?_count=1`, { headers: auth });
    expect(after.status(), base).toBe(401);
    expect(await after.json()).toMatchObject({ resourceType: "OperationOutcome" });
  }
  // The CapabilityStatement needs no token.
  const metadata = await request.get(`${instanceB}/fhir/R4/metadata`);
  expect(metadata.status()).toBe(200);
  expect(await metadata.json()).toMatchObject({ resourceType: "CapabilityStatement", fhirVersion: "4.0.1" });
});
