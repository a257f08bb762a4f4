import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { DEMO_PASSWORD, signInWithRequest } from "../e2e/fixtures";
import { makeVideoVisit, openJoinLink } from "../e2e/video-data";
import { accessLines, deploy } from "./deploy-env";

/**
 * A video visit through nginx for the deployment specs: the patient and the clinician pinned to
 * different app instances (nginx's `vpc_route` cookie), every RTCPeerConnection kept for its stats.
 */

/** A `vpc_route` cookie value that nginx sends to each upstream (found by asking, as its hash decides). */
export async function routeCookies(ctx: BrowserContext): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let k = 0; k < 40 && found.size < 2; k++) {
    const before = accessLines().length;
    const res = await ctx.request.get(`${deploy.base}/api/health`, { headers: { cookie: `vpc_route=r${k}` } });
    expect(res.status()).toBe(200);
    await expect.poll(() => accessLines().length).toBeGreaterThan(before);
    const upstream = accessLines().at(-1)!.upstream;
    if (!found.has(upstream)) found.set(upstream, `r${k}`);
  }
  expect([...found.keys()].sort()).toEqual(deploy.appPorts.map((p) => `127.0.0.1:${p}`).sort());
  return found;
}

export async function pinnedContext(browser: Browser, route: string): Promise<BrowserContext> {
  const ctx = await browser.newContext();
  await ctx.addCookies([{ name: "vpc_route", value: route, url: deploy.base }]);
  // Keep every RTCPeerConnection the page makes, to read its stats.
  await ctx.addInitScript(() => {
    const Original = window.RTCPeerConnection;
    const all: RTCPeerConnection[] = [];
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = all;
    window.RTCPeerConnection = class extends Original {
      constructor(config?: RTCConfiguration) {
        super(config);
        all.push(this);
      }
    } as typeof RTCPeerConnection;
  });
  return ctx;
}

export type Pair = { policy: string | undefined; local: string; remote: string; protocol: string };

/** The selected candidate pair of each connected peer connection on the page. */
export function selectedPairs(page: Page): Promise<Pair[]> {
  return page.evaluate(async () => {
    const out: Pair[] = [];
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState !== "connected") continue;
      const stats = await pc.getStats();
      let pairId: string | undefined;
      stats.forEach((s) => {
        if (s.type === "transport" && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
      });
      const pair = pairId ? stats.get(pairId) : undefined;
      if (!pair) continue;
      const local = stats.get(pair.localCandidateId);
      const remote = stats.get(pair.remoteCandidateId);
      out.push({
        policy: pc.getConfiguration().iceTransportPolicy,
        local: local?.candidateType,
        remote: remote?.candidateType,
        protocol: local?.protocol,
      });
    }
    return out;
  });
}

export async function expectVideoFlowing(page: Page, label: string) {
  const video = page.getByTestId("remote-video").first();
  await expect(video, `${label}: first frame`).toHaveAttribute("data-first-frame-at", /\d+/, { timeout: 120_000 });
  const frames = () => video.evaluate((v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames);
  const before = await frames();
  await expect.poll(frames, { message: `${label}: frames advance`, timeout: 30_000 }).toBeGreaterThan(before);
}

export type Call = { visitId: string; c: Page; p: Page; cCtx: BrowserContext; pCtx: BrowserContext };

/** A call with both sides receiving video: the patient on `patientPort`'s instance, the clinician on the other. */
export async function startCall(browser: Browser, patientPort: number): Promise<Call> {
  const probe = await browser.newContext();
  const routes = await routeCookies(probe);
  await probe.close();
  const clinicianPort = deploy.appPorts.find((p) => p !== patientPort)!;
  const first = routes.get(`127.0.0.1:${patientPort}`);
  const second = routes.get(`127.0.0.1:${clinicianPort}`);

  const v = await makeVideoVisit();
  const cCtx = await pinnedContext(browser, second!);
  const c = await cCtx.newPage();
  const signedIn = await signInWithRequest(cCtx.request, v.clinicianEmail, DEMO_PASSWORD, deploy.base);
  expect(signedIn.status()).toBe(302);
  await c.goto(`/visits/${v.visitId}`);
  await c.locator("summary", { hasText: "Patient join link" }).click();
  await c.getByRole("button", { name: "Make a new join link" }).click();
  const link = await c.locator("#join-url").inputValue();
  expect(link.startsWith(`${deploy.base}/l/`)).toBe(true);

  const pCtx = await pinnedContext(browser, first!);
  const p = await pCtx.newPage();
  await openJoinLink(p, link);
  await expect(p).toHaveURL(/\/v\/visit$/);
  await p.getByRole("button", { name: "Start camera and microphone" }).click();
  await expect(p.getByTestId("self-video")).toBeVisible();
  await p.getByRole("button", { name: "Join the waiting room" }).click();
  await expect(p.getByRole("heading", { name: "You are in the waiting room" })).toBeVisible();

  await c.goto(`/visits/${v.visitId}/room`);
  await c.getByRole("button", { name: "Open the video room" }).click();
  await expect(c.getByText("Nobody else is in the call yet.")).toBeVisible();
  await c.getByRole("button", { name: `Admit ${v.patientName}` }).click();
  await Promise.all([expectVideoFlowing(c, "clinician sees patient"), expectVideoFlowing(p, "patient sees clinician")]);

  return { visitId: v.visitId, c, p, cCtx, pCtx };
}
