import "server-only";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import type { FormState } from "@/lib/forms";
import { getEnv } from "@/server/env";
import type { FormToFill } from "./fill-forms.server";
import { LinkFormDocument } from "./components/link-form-document";

let cssCache: string[] | undefined;

// Next refuses a static import of react-dom/server under app/ (it wants Server Components); this
// one page must be a complete document without the App Router's scripts, so load it at run time.
type StaticRenderer = { renderToStaticMarkup: (el: React.ReactElement) => string };
let renderer: StaticRenderer | undefined;
function toStaticMarkup(el: React.ReactElement): string {
  renderer ??= createRequire(import.meta.url)("react-dom/server") as StaticRenderer;
  return renderer.renderToStaticMarkup(el);
}

/**
 * The app's global stylesheet(s) as built by Next (Tailwind compiles to one file under
 * .next/static/chunks). A page rendered outside the App Router has to link them itself.
 */
function globalCssHrefs(): string[] {
  if (cssCache) return cssCache;
  try {
    const dir = join(process.cwd(), ".next", "static", "chunks");
    cssCache = readdirSync(dir)
      .filter((f) => f.endsWith(".css"))
      .sort()
      .map((f) => `/_next/static/chunks/${f}`);
  } catch {
    cssCache = [];
  }
  return cssCache;
}

export function renderLinkFormPage(form: FormToFill, state: FormState): string {
  return `<!DOCTYPE html>${toStaticMarkup(<LinkFormDocument clinicName={getEnv().CLINIC_NAME} cssHrefs={globalCssHrefs()} form={form} idempotencyKey={randomUUID()} state={state} />)}`;
}
