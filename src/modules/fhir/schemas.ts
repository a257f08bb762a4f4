import { z } from "zod";
import { multiline } from "@/lib/input";
import { registrableScopes } from "./core/capability";

/** Members of a private JWK: a client registers public keys only. */
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "k", "oth"];

const publicJwk = z
  .object({
    kty: z.enum(["RSA", "EC"], { message: "Each key must be an RSA or EC key (kty)" }),
    kid: z.string().min(1).max(200).optional(),
    alg: z.enum(["RS384", "ES384"], { message: "alg must be RS384 or ES384" }).optional(),
  })
  .passthrough()
  .refine((k) => PRIVATE_MEMBERS.every((m) => !(m in k)), "Paste the public keys only: this key has private parts");

export const jwksSchema = z.object({
  keys: z.array(publicJwk).min(1, "The key set has no keys").max(10, "At most 10 keys"),
});

/** The admin's form: a name, the client's public JWKS (pasted JSON) and the scopes it may get. */
export const registerClientSchema = z
  .object({
    name: z.string().trim().min(1, "Enter a name").max(120, "At most 120 characters"),
    jwks: multiline(z.string().trim().min(1, "Paste the client's public JWKS").max(20_000, "The key set is too long")),
    scopes: z
      .string()
      .transform((s) => s.split(/\s+/).filter(Boolean))
      .pipe(
        z
          .array(z.enum(registrableScopes as [string, ...string[]], { message: "Not a scope this server offers" }))
          .min(1, "Choose at least one scope"),
      ),
  })
  .strict();

export const revokeClientSchema = z.object({ clientId: z.string().uuid("Not a client id") }).strict();

/** A token request (RFC 6749 4.4 with RFC 7523 client authentication), as posted. */
export const tokenRequestSchema = z
  .object({
    grant_type: z.string().max(100),
    client_assertion_type: z.string().max(200),
    client_assertion: z.string().min(1).max(16_000),
    scope: z.string().max(4_000),
  })
  .passthrough();

/** A FHIR request's path and query, before the search parser reads it (control characters, sizes). */
export const fhirRequestSchema = z.object({
  type: z.string().min(1).max(64),
  id: z.string().min(1).max(64).optional(),
  vid: z
    .string()
    .regex(/^[0-9]{1,9}$/, "A version is a number")
    .optional(),
  params: z.array(z.tuple([z.string().max(100), z.string().max(4000)])).max(100, "Too many search parameters"),
});
