import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Server as NetServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import {
  ALLOWED_METHODS,
  CLIENT_IP_HEADER,
  checkActionBody,
  checkRequestHead,
  clientIp,
  isInternalHeader,
  isServerActionRequest,
  MAX_BODY_BYTES,
  REQUEST_ID_HEADER,
  requestSeal,
  SEAL_HEADER,
  type GateRefusal,
} from "../server/http-gate";
import { readEnv } from "../server/env-schema";
import { logger } from "../server/logger";

/**
 * Production HTTP server around Next's request handler. A custom server (instead of
 * `next start`) so SIGTERM is graceful: stop accepting, let in-flight requests finish, then close
 * the database pool (registered by src/server/db.ts on globalThis) - docs/security-model.md#graceful-shutdown.
 */
/** How long in-flight requests and idle proxy connections get after SIGTERM before the rest are cut. */
const DRAIN_BOUND_MS = 15_000;
/** Idle connections still open this long after SIGTERM are closed (above nginx's upstream keepalive_timeout 4s). */
const IDLE_GRACE_MS = 6_000;
/** net.Server#close: stops listening and calls back once every connection has ended. */
const netClose = NetServer.prototype.close as (this: Server, cb: () => void) => Server;

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

type Hooks = {
  __vpcShutdownHooks?: Array<() => Promise<void>>;
  __vpcBeforeCloseHooks?: Array<() => void>;
  __vpcDraining?: boolean;
};

export async function startServer(opts: {
  port: number;
  hostname: string;
  dev: boolean;
}): Promise<{ server: Server; close: () => Promise<void> }> {
  const app = next({ dev: opts.dev, dir: projectRoot, hostname: opts.hostname, port: opts.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const trustProxy = readEnv().TRUST_PROXY === "1";
  const server = createServer((req, res) => {
    // Draining for shutdown: this answer is the connection's last, so the proxy never sends
    // another request on it (the listener is already closed; new connections go elsewhere).
    if ((globalThis as Hooks).__vpcDraining) res.setHeader("Connection", "close");
    gate(req, res, trustProxy).then(
      (pass) => (pass ? handle(req, res) : undefined),
      () => {
        if (!res.headersSent) refuse(res, { status: 400, message: "The request could not be read." });
        else res.destroy();
      },
    );
  });
  // Slightly above typical proxy idle timeouts so keep-alive sockets are closed by the client side.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.hostname, () => resolve());
  });

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      (globalThis as Hooks).__vpcDraining = true;
      // Long-lived streams (video signaling) end first; their browsers reconnect to another instance.
      for (const hook of (globalThis as Hooks).__vpcBeforeCloseHooks ?? []) hook();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, DRAIN_BOUND_MS);
        // Clients other than the proxy (a browser straight on the port, a health checker) may
        // keep an idle connection for minutes: those still idle after the proxy's keep-alive
        // timeout are closed, so the drain is not held to the bound by a silent socket.
        const idle = setTimeout(() => server.closeIdleConnections(), IDLE_GRACE_MS);
        // Stop accepting: a new connection is refused, and nginx sends that request to the other
        // instance (a refused connect is retried even for a POST: nothing was sent). Deliberately
        // NOT http.Server#close, which also drops idle kept-alive connections at once: the proxy
        // may be writing a request on one at that instant, and a POST cut off that way is not
        // retried (a 502 for the user). Instead each connection ends after its next answer
        // (Connection: close above) or when the proxy drops it idle (nginx upstream
        // keepalive_timeout 4s, deploy/nginx/vpc.conf.template, below IDLE_GRACE_MS).
        // docs/decisions/deployment.md#rolling-restart
        netClose.call(server, () => {
          clearTimeout(timer);
          clearTimeout(idle);
          resolve();
        });
      });
      for (const hook of (globalThis as Hooks).__vpcShutdownHooks ?? []) await hook();
      await app.close?.();
    })());
  return { server, close };
}

/**
 * Every request passes here before Next (src/server/http-gate.ts has the rules and why):
 * 1. headers only the server may set are dropped - the request id, path, nonce, CSP and CSRF
 *    headers the app sets for itself, and the forwarding headers unless TRUST_PROXY=1 - and the
 *    server's own request id and client address are set, sealed with a per-process secret;
 * 2. a method, address, body size or server-action envelope Next would answer with a 500 gets a
 *    clear 4xx, and a cross-site write gets a 403.
 */
async function gate(req: IncomingMessage, res: ServerResponse, trustProxy: boolean): Promise<boolean> {
  const forwardedFor = req.headers["x-forwarded-for"];
  for (const name of Object.keys(req.headers)) if (isInternalHeader(name, trustProxy)) delete req.headers[name];
  const requestId = randomUUID();
  req.headers[REQUEST_ID_HEADER] = requestId;
  req.headers[SEAL_HEADER] = requestSeal();
  const ip = clientIp(
    req.socket.remoteAddress,
    Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor,
    trustProxy,
  );
  if (ip) req.headers[CLIENT_IP_HEADER] = ip;
  // Every response carries the id (also the ones Next makes without proxy.ts or apiRoute: errors,
  // interrupts) and a closed CSP, which proxy.ts replaces with the page's nonce CSP.
  res.setHeader("x-request-id", requestId);
  res.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");

  const head = checkRequestHead(req);
  if (head) return refuse(res, head);
  if (!isServerActionRequest(req.method, req.url, req.headers)) return true;
  const body = await readAndKeepBody(req);
  if (body === null) return refuse(res, { status: 413, message: "The request is too large (at most 1 MB)." });
  const envelope = await checkActionBody(req.headers, body);
  return envelope ? refuse(res, envelope) : true;
}

function refuse(res: ServerResponse, r: GateRefusal): false {
  logger.info("http.refused", { status: r.status });
  res.statusCode = r.status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  if (r.status === 405) res.setHeader("Allow", ALLOWED_METHODS.join(", "));
  // An unread body cannot be skipped safely on a kept-alive connection.
  res.setHeader("Connection", "close");
  res.end(r.message);
  return false;
}

/**
 * Reads the body (its Content-Length was checked against the limit) and puts it back at the head
 * of the stream for Next, synchronously in the same tick as the last read so that the stream's
 * 'end' is not emitted in between. null when more arrives than allowed.
 */
function readAndKeepBody(req: IncomingMessage): Promise<Buffer | null> {
  const expected = Number(req.headers["content-length"] ?? 0);
  if (!(expected > 0)) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => {
      cleanup();
      const body = Buffer.concat(chunks);
      if (size > MAX_BODY_BYTES) return resolve(null);
      if (body.length) req.unshift(body);
      resolve(body);
    };
    const onReadable = () => {
      let chunk: Buffer | null;
      while (size < expected && (chunk = req.read() as Buffer | null) !== null) {
        chunks.push(chunk);
        size += chunk.length;
      }
      if (size >= expected) finish();
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    // Fewer bytes than announced: nothing can be put back after 'end'; the gate answers 400.
    const onEnd = () => onError(new Error("body shorter than Content-Length"));
    const cleanup = () => {
      req.off("readable", onReadable);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    req.on("readable", onReadable);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}
