import { z } from "zod";

/**
 * The app's configuration: the one place that reads process.env (with src/server/env.ts, its
 * server-only face, and the launchers in src/cli that set defaults before the server starts).
 * Checked when the server starts (src/cli/start.ts, and src/instrumentation.ts for any other
 * launcher): a bad value stops it with a message naming the variable. Every variable is
 * documented in README.md ("Configuration"). No server-only import here: src/proxy.ts and the
 * CLI read it too.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgresql:// URL" }),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /** How long a request waits for a database connection before failing with a retryable error (fail fast in an outage). */
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(3000),
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters"),
  NEXTAUTH_URL: z.string().url().optional(),
  CLINIC_NAME: z.string().min(1).default("Virtual Pain Clinic"),
  CLINIC_TIME_ZONE: z.string().min(1).default("America/Los_Angeles"),
  STAFF_IDLE_MINUTES: z.coerce.number().int().min(5).max(60).default(30),
  PATIENT_IDLE_MINUTES: z.coerce.number().int().min(5).max(120).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(12).default(12),
  LOGIN_MAX_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(10),
  /** Reminders go out by email only when this is set (smtp://user:pass@host:587 or smtps://...). */
  SMTP_URL: z.string().url({ message: "SMTP_URL must be an smtp:// or smtps:// URL" }).optional(),
  SMTP_FROM: z.string().min(3).default("Virtual Pain Clinic <no-reply@clinic.invalid>"),
  /** How often the background worker sends due reminders (seconds); 0 turns reminder sending off. */
  REMINDER_TICK_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** How often each instance's background worker ticks (takes or renews the lease, runs due jobs); 0 turns the worker off in this instance. */
  WORKER_TICK_SECONDS: z.coerce.number().int().min(0).max(600).default(10),
  /** FHIR bulk export (docs/decisions/fhir-bulk-export.md): hours a finished export's files are kept; patients per chunk (one transaction); seconds of export work per worker run (under the 30 s lease). */
  FHIR_EXPORT_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  FHIR_EXPORT_CHUNK_PATIENTS: z.coerce.number().int().min(1).max(1000).default(25),
  FHIR_EXPORT_STEP_SECONDS: z.coerce.number().int().min(1).max(25).default(20),
  /** Failed patient-link attempts per client IP per 10 minutes before links are refused. */
  PATIENT_LINK_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(20),
  CONSENT_VALID_MONTHS: z.coerce.number().int().min(1).max(60).default(12),
  /** Video: STUN servers (comma-separated stun: URLs). With no STUN/TURN, host candidates are used. */
  ICE_STUN_URLS: z.string().optional(),
  /** Video: TURN servers (comma-separated turn:/turns: URLs), with the shared secret of coturn's REST API. */
  ICE_TURN_URLS: z.string().optional(),
  ICE_TURN_SECRET: z.string().min(16, "ICE_TURN_SECRET must be at least 16 characters").optional(),
  ICE_TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  /**
   * Video: `relay` makes browsers use TURN relay candidates only (media always through the clinic's
   * coturn: peers never learn each other's addresses; the deployment test forces it). Default `all`.
   */
  ICE_TRANSPORT_POLICY: z.enum(["all", "relay"]).default("all"),
  /**
   * Tests only: signal only 127.0.0.1 ICE candidates (Chromium with --allow-loopback-in-peer-connection),
   * so test media never leaves loopback. Off unless set to 1.
   */
  VIDEO_LOOPBACK_ONLY: z.enum(["0", "1"]).default("0"),
  /** Signaling messages one participant may send per 10 seconds. */
  VIDEO_SIGNALS_PER_10S: z.coerce.number().int().min(10).max(10_000).default(150),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  /** Behind a reverse proxy that sets X-Forwarded-For / -Proto: 1 trusts them (src/cli/serve.ts). */
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  /** 1 drops info-level application logs (tests). */
  VPC_QUIET_LOGS: z.enum(["0", "1"]).default("0"),
});

export type Env = z.infer<typeof envSchema>;

/** The configuration from these variables, or an Error naming every bad one (and what it must be). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment configuration - ${names}`);
  }
  return parsed.data;
}

let cached: Env | undefined;

/** This process's configuration, checked once. */
export function readEnv(): Env {
  return (cached ??= parseEnv(process.env));
}

/** The app's public origin (NEXTAUTH_URL; start.ts defaults it to http://localhost:$PORT). */
export function appOrigin(): string {
  const env = readEnv();
  try {
    return new URL(env.NEXTAUTH_URL ?? "").origin;
  } catch {
    return `http://localhost:${env.PORT}`;
  }
}

export function secureCookiesEnabled(): boolean {
  return readEnv().NEXTAUTH_URL?.startsWith("https://") ?? false;
}

/** Info logs are off (VPC_QUIET_LOGS=1). Read without validating the rest: the logger must work while reporting a bad configuration. */
export function quietLogs(): boolean {
  return process.env.VPC_QUIET_LOGS === "1";
}
