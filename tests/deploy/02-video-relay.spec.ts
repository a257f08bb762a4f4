import { expect, test } from "@playwright/test";
import pg from "pg";
import { accessLines, deploy } from "./deploy-env";
import { selectedPairs, startCall } from "./video-call";

/**
 * A video visit through nginx with ICE_TRANSPORT_POLICY=relay: media can only flow through coturn
 * (on loopback here), and the patient and the clinician are pinned to different app instances
 * (nginx's `vpc_route` cookie), so every signaling message crosses instances through PostgreSQL.
 */
test("video through the TURN relay with the patient and the clinician on different instances", async ({ browser }) => {
  test.setTimeout(300_000);
  const { visitId, c, p, cCtx, pCtx } = await startCall(browser, deploy.appPorts[0]!);

  for (const [label, page] of [
    ["clinician", c],
    ["patient", p],
  ] as const) {
    await expect
      .poll(async () => (await selectedPairs(page)).length, { message: `${label}: a selected pair` })
      .toBeGreaterThan(0);
    const pairs = await selectedPairs(page);
    console.log(`[deploy] ${label}: selected candidate pairs ${JSON.stringify(pairs)}`);
    for (const pair of pairs) expect(pair).toMatchObject({ policy: "relay", local: "relay", remote: "relay" });
  }

  // Drill: each instance's LISTEN connection is cut (pg_terminate_backend); signaling resumes
  // both ways once the instances listen again.
  const admin = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${deploy.pgPort}/vpc` });
  await admin.connect();
  try {
    const listeners = `SELECT pid FROM pg_stat_activity WHERE datname = 'vpc' AND query ILIKE 'LISTEN %'`;
    const cut = await admin.query<{ ok: boolean }>(`SELECT pg_terminate_backend(pid) AS ok FROM (${listeners}) l`);
    const cutAt = Date.now();
    expect(
      cut.rows.map((r) => r.ok),
      "one LISTEN connection per instance, cut",
    ).toEqual([true, true]);
    await c.getByRole("button", { name: "Mute" }).click();
    await expect(p.getByTestId("remote-video").locator("xpath=..").getByText("· muted")).toBeVisible();
    await p.getByRole("button", { name: "Mute" }).click();
    await expect(c.getByTestId("remote-video").locator("xpath=..").getByText("· muted")).toBeVisible();
    const resumed = Date.now() - cutAt;
    await expect.poll(async () => (await admin.query(listeners)).rowCount, { message: "both listen again" }).toBe(2);
    console.log(`[drill] LISTEN connections cut on both instances: signaling both ways again ${resumed} ms later`);
  } finally {
    await admin.end();
  }

  // Closing the pages ends both event streams; nginx logs each (with its upstream) when it ends.
  await cCtx.close();
  await pCtx.close();
  const streams = () =>
    new Set(
      accessLines()
        .filter((l) => l.path === `/api/video/${visitId}/events`)
        .map((l) => l.upstream),
    );
  await expect.poll(() => streams().size, { message: "event streams on both instances" }).toBe(2);
  console.log(`[deploy] event streams served by ${[...streams()].join(" and ")}`);
});
