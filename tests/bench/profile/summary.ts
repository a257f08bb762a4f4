/**
 * `npx tsx tests/bench/profile/summary.ts <file.cpuprofile> [top]`: a V8 CPU profile of the app
 * (BENCH_CPU_PROF, tests/bench/lib.ts) as self and inclusive time per group (next-auth/JWT, Prisma,
 * React render, Next's server, pg, zod, our code...) and the top functions by self time. Inclusive
 * time of a group counts a stack once however many frames of the group it holds.
 */
import { readFileSync } from "node:fs";

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const groups: [string, RegExp][] = [
  ["next-auth / jose (session JWT)", /next-auth|jose|openid|oauth/i],
  ["Prisma client (query compiler, mapping)", /prisma|query_compiler|adapter-pg/i],
  ["pg driver", /node_modules\/pg|pg-protocol|pg-pool|\/pg\//],
  ["zod", /zod/],
  ["React server render (react-dom, RSC)", /react-dom|react-server|react\.|\/react\//],
  [
    "Next.js server (router, proxy runtime, render pipeline)",
    /next\/dist|next-server|\[turbopack\]|_next|\[root-of-the-server\]/,
  ],
  ["our code (src/)", /\/src\/|_src_|modules|server_app|\[project\]/],
  ["node internals", /^node:|^internal/],
  ["GC / idle / program", /^$/],
];

function groupOf(n: Node): string {
  const { url, functionName } = n.callFrame;
  if (!url)
    return functionName === "(idle)"
      ? "(idle)"
      : functionName === "(garbage collector)"
        ? "(gc)"
        : `(${functionName || "native"})`;
  for (const [name, re] of groups) if (re.test(url)) return name;
  return "other: " + url.replace(/.*\//, "").slice(0, 60);
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error("usage: summary.ts <file.cpuprofile> [top]");
const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfUs = new Map<number, number>();
p.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const idle = [...selfUs.entries()]
  .filter(([id]) => byId.get(id)!.callFrame.functionName === "(idle)")
  .reduce((a, [, v]) => a + v, 0);
const busy = total - idle;

const selfG = new Map<string, number>();
const inclG = new Map<string, number>();
const selfF = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  const g = groupOf(n);
  selfG.set(g, (selfG.get(g) ?? 0) + us);
  const fk = `${n.callFrame.functionName || "(anonymous)"}  ${n.callFrame.url.replace(/.*\//, "")}:${n.callFrame.lineNumber + 1}`;
  selfF.set(fk, (selfF.get(fk) ?? 0) + us);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) seen.add(groupOf(byId.get(cur)!));
  for (const s of seen) inclG.set(s, (inclG.get(s) ?? 0) + us);
}
const pc = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
console.log(
  `profile: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (percentages of busy time)`,
);
console.log("\ngroup                                                   self   inclusive");
for (const [g, us] of [...selfG.entries()].filter(([g]) => g !== "(idle)").sort((a, b) => b[1] - a[1]))
  console.log(`${g.padEnd(54)} ${pc(us)}  ${pc(inclG.get(g) ?? 0)}`);
console.log(`\ntop functions by self time`);
for (const [f, us] of [...selfF.entries()]
  .filter(([f]) => !f.startsWith("(idle)"))
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(topArg ?? 30)))
  console.log(`${pc(us)}  ${f.slice(0, 140)}`);
