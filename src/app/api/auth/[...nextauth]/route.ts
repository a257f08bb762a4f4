import NextAuth from "next-auth";
import { apiRoute } from "@/server/api-route";
import { getAuthOptions } from "@/server/auth/options";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// apiRoute: sign-in and sign-out posts from another site are refused (403).
const handler = apiRoute(
  async (req: Request, ctx: Ctx) => NextAuth(req as never, ctx as never, getAuthOptions()) as Promise<Response>,
);

export { handler as GET, handler as POST };
