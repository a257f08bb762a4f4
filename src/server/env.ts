import "server-only";

/** The server's face of the configuration (src/server/env-schema.ts). */
export { appOrigin, readEnv as getEnv, secureCookiesEnabled, type Env } from "./env-schema";
