import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultMigrationsDir, SNAPSHOT_FILE } from "../../src/cli/lib/migrations";
import { readSchemaFolder } from "../../src/cli/lib/prisma-diff";

/**
 * `npm run db:migration` diffs the schema against one snapshot of it as of the last migration.
 * When they differ, either the schema changed without its migration, or two branches each added
 * a migration and the merge kept one side's snapshot: then the next generated migration would
 * repeat (or undo) SQL. Fix: add the migration, or after a merge write the snapshot from the
 * merged schema (the drift test then proves the migrations build exactly that schema).
 */
describe("the schema snapshot the next migration is diffed from", () => {
  it("is the current schema", async () => {
    const snapshot = readFileSync(join(defaultMigrationsDir, SNAPSHOT_FILE), "utf8");
    expect(
      snapshot === (await readSchemaFolder()),
      "prisma/schema differs from prisma/migrations/schema-at-last-migration.prisma",
    ).toBe(true);
  });
});
