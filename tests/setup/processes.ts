/**
 * Process and port helpers shared by the test runners (tests/run-all.ts for `npm test`,
 * tests/deploy/run.ts for `npm run test:deploy`).
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";

export const root = join(import.meta.dirname, "..", "..");
export const bin = (name: string) => join(root, "node_modules", ".bin", name);

/** Runs a command with inherited output; resolves with its exit code (1 when killed by a signal). */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function tryPort(p: number): Promise<number | null> {
  return new Promise<number | null>((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(null));
    s.listen(p, "127.0.0.1", () => {
      const got = (s.address() as { port: number }).port;
      s.close(() => resolve(got));
    });
  });
}

/** A free port P on 127.0.0.1 with P+1 free too (`preferred` when both are free). */
export async function freePort(preferred?: number): Promise<number> {
  if (preferred) {
    const a = await tryPort(preferred);
    const b = await tryPort(preferred + 1);
    if (a && b) return preferred;
  }
  for (let i = 0; i < 50; i++) {
    const p = await tryPort(0);
    if (p && p < 65_000 && (await tryPort(p + 1))) return p;
  }
  throw new Error("no two adjacent free ports found");
}
