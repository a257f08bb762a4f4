// autocannon ships no types; the bench uses a small part of its API.
declare module "autocannon" {
  type Instance = PromiseLike<{ latency: { p50: number } }> & { on(event: "response", fn: (client: unknown, status: number, bytes: unknown, ms: number) => void): void };
  export default function autocannon(opts: Record<string, unknown>): Instance;
}
