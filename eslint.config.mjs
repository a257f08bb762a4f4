import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

/** Architecture rules from docs/decisions/0002: enforced by lint, not by review. */
const noFramework = {
  patterns: [
    { group: ["next", "next/*", "react", "react-dom", "@prisma/*", "@/generated/*", "@/server/*", "*/server/*", "**/*.server"], message: "core/ is pure TypeScript: no framework, database or server imports." },
  ],
};

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", "src/generated/**", ".data/**", "test-results/**", "playwright-report/**", "tests/.artifacts/**", "next-env.d.ts"] },
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
        { selector: "MemberExpression[property.name=/^\\$(queryRawUnsafe|executeRawUnsafe)$/]", message: "Raw unsafe SQL is forbidden; use tagged $queryRaw." },
      ],
    },
  },
  { files: ["src/modules/*/core/**"], rules: { "no-restricted-imports": ["error", noFramework] } },
  {
    files: ["src/app/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@/server/db", message: "Pages read through a module's *.server.ts functions, never Prisma directly." }], patterns: [{ group: ["@/generated/*"], message: "No Prisma in app/." }] },
      ],
    },
  },
  {
    files: ["src/**/*.tsx"],
    ignores: ["src/app/**"],
    rules: { "no-restricted-imports": ["error", { paths: [{ name: "@/server/db", message: "Components never touch the database." }] }] },
  },
);
