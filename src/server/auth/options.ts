import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { sameOriginPath } from "@/lib/safe-redirect";
import { getEnv } from "../env";
import { pgErrorCode } from "../errors";
import { logger } from "../logger";
import { fromHeaders, getRequestContext } from "../request-context";
import { revokeSessionById, signInWithPassword } from "./sign-in.server";

/**
 * next-auth 4, Credentials provider, JWT sessions. The JWT carries only the server-side session
 * id (plus version for defence in depth); everything that decides access is re-read from
 * Postgres on every request (see loadActorForSession), so sign-out, deactivation and
 * password/role changes take effect at once on every app instance.
 */
export function getAuthOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: env.SESSION_MAX_HOURS * 3600 },
    jwt: { maxAge: env.SESSION_MAX_HOURS * 3600 },
    pages: { signIn: "/login", error: "/login", signOut: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const h = new Headers();
          for (const [k, v] of Object.entries(req.headers ?? {})) if (typeof v === "string") h.set(k, v);
          // next-auth 4 puts the message of whatever authorize throws into ?error= (and its JSON):
          // only our own codes may get there, never a database error's text.
          let result: Awaited<ReturnType<typeof signInWithPassword>>;
          try {
            result = await signInWithPassword(
              { email: credentials?.email, password: credentials?.password },
              fromHeaders(h),
            );
          } catch (e) {
            logger.error("signin.failed", { error: e instanceof Error ? e.name : "unknown", sqlstate: pgErrorCode(e) });
            throw new Error("SignInUnavailable");
          }
          if (!result.ok) throw new Error(result.code === "RATE_LIMITED" ? "RateLimited" : "CredentialsSignin");
          return { id: result.userId, sid: result.sessionId, sv: result.sessionVersion };
        },
      }),
    ],
    events: {
      // Every sign-out path revokes the session row (the app's own form does it in signOutAction).
      async signOut({ token }) {
        const sid = (token as { sid?: unknown } | null)?.sid;
        if (typeof sid === "string") await revokeSessionById(sid, await getRequestContext());
      },
    },
    callbacks: {
      // Only copy from `user` at sign-in. Never copy client-supplied fields on trigger "update".
      jwt({ token, user }) {
        const signedIn = user as unknown as { sid?: unknown; sv?: unknown } | undefined;
        if (signedIn && typeof signedIn.sid === "string") {
          token.sid = signedIn.sid;
          token.sv = signedIn.sv;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, sid: typeof token.sid === "string" ? token.sid : undefined };
      },
      redirect({ url, baseUrl }) {
        // The shared same-origin check (src/lib/safe-redirect.ts): no open redirects.
        return new URL(sameOriginPath(url, baseUrl), baseUrl).toString();
      },
    },
  };
}
