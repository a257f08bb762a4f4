// Runs `prisma generate` without the native schema engine.
// Prisma 7's CLI tries to fetch a schema-engine binary that offline machines cannot download;
// generation never needs it, so we point the CLI at a stub that fails loudly if anything
// unexpectedly tries to use it (an empty stub would make migrate commands silently no-op).
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const stubDir = join(root, "node_modules", ".cache", "vpc");
const stub = join(stubDir, "schema-engine-stub.sh");
if (!existsSync(stub)) {
  mkdirSync(stubDir, { recursive: true });
  writeFileSync(
    stub,
    '#!/bin/sh\necho "schema engine unavailable offline: use npm run db:migrate / db:migration" >&2\nexit 1\n',
  );
  chmodSync(stub, 0o755);
}
const env = { ...process.env, CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = stub;
const bin = join(root, "node_modules", "prisma", "build", "index.js");
const r = spawnSync(process.execPath, [bin, "generate"], { cwd: root, env, stdio: "inherit" });
process.exit(r.status ?? 1);
