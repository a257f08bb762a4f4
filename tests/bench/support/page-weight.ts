/**
 * Page weight and Lighthouse for the benchmark scenarios: the compressed script a browser
 * downloads for a page, and Lighthouse 12 mobile (simulated slow 4G, Debian Chromium).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";

const exec = promisify(execFile);
const CHROME_FLAGS =
  "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic";

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export type ScriptWeight = { files: number; raw: number; gz: number; inline: number; htmlGz: number; srcs: string[] };

/** gzip size of every script a modern browser downloads (noModule polyfills skipped, as Next's "First Load JS" does). */
export async function sumScripts(appUrl: string, html: string): Promise<ScriptWeight> {
  const tags = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
  const srcs = [
    ...new Set(
      tags
        .filter((t) => !/\bnoModule\b/i.test(t))
        .map((t) => /\bsrc="([^"]+\.js[^"]*)"/.exec(t)?.[1])
        .filter((x): x is string => !!x),
    ),
  ];
  let raw = 0;
  let gz = 0;
  for (const src of srcs) {
    const buf = Buffer.from(await (await fetch(new URL(src, appUrl))).arrayBuffer());
    raw += buf.length;
    gz += gzipSync(buf).length;
  }
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].reduce(
    (n, m) => n + Buffer.byteLength(m[1]!),
    0,
  );
  return { files: srcs.length, raw, gz, inline, htmlGz: gzipSync(Buffer.from(html)).length, srcs };
}

export type LighthouseResult = { score: number; lcp: number; cls: number; tbt: number };

export async function lighthouse(url: string, cookie: string): Promise<LighthouseResult> {
  const dir = mkdtempSync(join(tmpdir(), "lh-"));
  try {
    const out = join(dir, "report.json");
    await exec(
      join(import.meta.dirname, "..", "..", "..", "node_modules", ".bin", "lighthouse"),
      [
        url,
        "--only-categories=performance",
        "--form-factor=mobile",
        "--throttling-method=simulate",
        "--output=json",
        `--output-path=${out}`,
        "--quiet",
        `--chrome-flags=${CHROME_FLAGS}`,
        ...(cookie ? [`--extra-headers=${JSON.stringify({ Cookie: cookie })}`] : []),
      ],
      {
        env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? "/usr/bin/chromium" },
        timeout: 180_000,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const r = JSON.parse(readFileSync(out, "utf8")) as {
      categories: { performance: { score: number } };
      audits: Record<string, { numericValue: number }>;
    };
    return {
      score: Math.round(r.categories.performance.score * 100),
      lcp: r.audits["largest-contentful-paint"]!.numericValue,
      cls: r.audits["cumulative-layout-shift"]!.numericValue,
      tbt: r.audits["total-blocking-time"]!.numericValue,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
