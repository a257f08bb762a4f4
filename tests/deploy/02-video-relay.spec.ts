import { expect, test } from "@playwright/test";
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
