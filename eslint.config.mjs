import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { readdirSync } from "node:fs";
import tseslint from "typescript-eslint";

/** Architecture rules from docs/decisions/0002: enforced by lint, not by review. */
const noFramework = {
  patterns: [
    {
      group: [
        "next",
        "next/*",
        "react",
        "react-dom",
        "@prisma/*",
        "@/generated/*",
        "@/server/*",
        "*/server/*",
        "**/*.server",
      ],
      message: "core/ is pure TypeScript: no framework, database or server imports.",
    },
  ],
};

/**
 * Module surfaces (docs/architecture.md#module-surfaces): outside a module, its server code is
 * imported only from its index.server.ts (its core/, actions.ts, schemas.ts and components/ are
 * open). No exceptions: a new need is a new export of the surface.
 */
const modules = readdirSync(new URL("./src/modules", import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const surfaceMessage =
  "Import another module's server code from its index.server.ts only (docs/architecture.md#module-surfaces).";
const outsideAnyModule = { group: ["@/modules/*/**/*.server", "!@/modules/*/index.server"], message: surfaceMessage };
const fromModule = (own) => ({
  group: [
    ...modules
      .filter((m) => m !== own)
      .flatMap((m) => [
        `@/modules/${m}/**/*.server`,
        `!@/modules/${m}/index.server`,
        `../${m}/**/*.server`,
        `!../${m}/index.server`,
        `../../${m}/**/*.server`,
        `!../../${m}/index.server`,
      ]),
  ],
  message: surfaceMessage,
});
const noDbInComponents = { name: "@/server/db", message: "Components never touch the database." };

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "src/generated/**",
      ".data/**",
      "test-results/**",
      "playwright-report/**",
      "tests/.artifacts/**",
      "next-env.d.ts",
    ],
  },
  ...next,
  ...nextTs,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[property.name=/^\\$(queryRawUnsafe|executeRawUnsafe)$/]",
          message: "Raw unsafe SQL is forbidden; use tagged $queryRaw.",
        },
      ],
    },
  },
  ...modules.flatMap((m) => [
    { files: [`src/modules/${m}/**`], rules: { "no-restricted-imports": ["error", { patterns: [fromModule(m)] }] } },
    {
      files: [`src/modules/${m}/**/*.tsx`],
      rules: { "no-restricted-imports": ["error", { paths: [noDbInComponents], patterns: [fromModule(m)] }] },
    },
  ]),
  {
    files: ["src/server/**", "src/lib/**", "src/cli/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [outsideAnyModule] }] },
  },
  {
    files: ["src/components/**"],
    rules: { "no-restricted-imports": ["error", { paths: [noDbInComponents], patterns: [outsideAnyModule] }] },
  },
  { files: ["src/modules/*/core/**"], rules: { "no-restricted-imports": ["error", noFramework] } },
  {
    files: ["src/app/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@/server/db",
              message: "Pages read through a module's *.server.ts functions, never Prisma directly.",
            },
          ],
          patterns: [{ group: ["@/generated/*"], message: "No Prisma in app/." }, outsideAnyModule],
        },
      ],
    },
  },
);
