import { createHmac } from "node:crypto";

export type IceServer = { urls: string[]; username?: string; credential?: string };

function list(s: string | undefined): string[] {
  return (s ?? "")
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean);
}

/**
 * ICE servers for one participant, from configuration. TURN uses short-lived credentials in the
 * format of coturn's REST API ("use-auth-secret"): username = "<expiry epoch>:<participant id>",
 * credential = base64(HMAC-SHA1(secret, username)). With nothing configured the list is empty
 * and browsers connect with host candidates.
 */
export function iceServersFor(
  cfg: { stunUrls?: string; turnUrls?: string; turnSecret?: string; turnTtlSeconds: number },
  participantId: string,
  now = new Date(),
): IceServer[] {
  const out: IceServer[] = [];
  const stun = list(cfg.stunUrls).filter((u) => /^stuns?:/.test(u));
  if (stun.length) out.push({ urls: stun });
  const turn = list(cfg.turnUrls).filter((u) => /^turns?:/.test(u));
  if (turn.length && cfg.turnSecret) {
    const username = `${Math.floor(now.getTime() / 1000) + cfg.turnTtlSeconds}:${participantId}`;
    const credential = createHmac("sha1", cfg.turnSecret).update(username).digest("base64");
    out.push({ urls: turn, username, credential });
  }
  return out;
}
