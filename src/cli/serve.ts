import { createServer, type Server } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";

/**
 * Production HTTP server around Next's request handler. A custom server (instead of
 * `next start`) so SIGTERM is graceful: stop accepting, let in-flight requests finish, then close
 * the database pool (registered by src/server/db.ts on globalThis) - docs/security-model.md#graceful-shutdown.
 */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

type Hooks = { __vpcShutdownHooks?: Array<() => Promise<void>>; __vpcBeforeCloseHooks?: Array<() => void>; __vpcDraining?: boolean };

export async function startServer(opts: { port: number; hostname: string; dev: boolean }): Promise<{ server: Server; close: () => Promise<void> }> {
  const app = next({ dev: opts.dev, dir: projectRoot, hostname: opts.hostname, port: opts.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  // Client IP for audit rows and the login rate limit. Only behind a trusted reverse proxy
  // (TRUST_PROXY=1) may X-Forwarded-For come from the request; otherwise a client could pick
  // its own IP and dodge the per-IP limit, so we overwrite it with the socket's address.
  const trustProxy = process.env.TRUST_PROXY === "1";
  const server = createServer((req, res) => {
    if (!trustProxy) {
      req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "unknown";
      delete req.headers["x-real-ip"];
    }
    void handle(req, res);
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
        }, 10_000);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
      for (const hook of (globalThis as Hooks).__vpcShutdownHooks ?? []) await hook();
      await app.close?.();
    })());
  return { server, close };
}
