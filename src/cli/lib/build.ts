import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name.startsWith(".")) continue;
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** True when .next holds a production build newer than every source file that goes into it. */
export function isBuildFresh(root: string): boolean {
  const id = join(root, ".next", "BUILD_ID");
  if (!existsSync(id)) return false;
  const inputs = Math.max(
    newestMtime(join(root, "src")),
    newestMtime(join(root, "public")),
    newestMtime(join(root, "prisma", "schema")),
    ...["next.config.js", "package-lock.json", "postcss.config.mjs"].map((f) =>
      existsSync(join(root, f)) ? statSync(join(root, f)).mtimeMs : 0,
    ),
  );
  return statSync(id).mtimeMs > inputs;
}

/** `next build` unless the existing build is fresh. Throws when the build fails. */
export function ensureProductionBuild(
  root: string,
  log: (l: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): void {
  if (isBuildFresh(root)) {
    log("reusing the existing production build");
    return;
  }
  log("building the production app (next build, about a minute)");
  const r = spawnSync(process.execPath, [join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error("next build failed");
}
