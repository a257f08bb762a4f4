import { spawn } from "node:child_process";
import { root, type BenchScenario } from "./lib";

/**
 * Scheduling budgets (issue 3): slot search, booking vs a bare node:http + pg server, 50-way race.
 * The measurement needs its own data set (20 clinicians, 10,000 visits), its own app instance and
 * the bare baseline server, so it runs as a child process: tests/bench/scheduling/measure.ts
 * (also `npm run bench:scheduling`).
 */
const scenario: BenchScenario = {
  name: "scheduling",
  run: () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          "--import",
          "./tests/bench/scheduling/server-only-hook.mjs",
          "--import",
          "tsx",
          "tests/bench/scheduling/measure.ts",
        ],
        { cwd: root, stdio: "inherit", env: process.env },
      );
      child.on("exit", (code) =>
        code === 0 ? resolve() : reject(new Error(`scheduling bench: a budget was missed (exit ${code})`)),
      );
    }),
};

export default scenario;
