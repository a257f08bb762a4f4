// Lets the bench call *.server.ts functions in-process outside Next: "server-only" resolves to an
// empty module (as tests/vitest.config.ts aliases it). Loaded with `node --import`.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(
      'export async function resolve(specifier, context, next) { if (specifier === "server-only") return { url: "data:text/javascript,", shortCircuit: true }; return next(specifier, context); }',
    ),
);
