import { redirect } from "next/navigation";

/**
 * Form links sent before links were one mechanism were /f/<token>: they keep working at the
 * one landing page (a GET redirect changes nothing).
 */
export default async function OldFormLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  redirect(/^[A-Za-z0-9_-]{43}$/.test(token) ? `/l/${token}` : "/link-expired?reason=invalid");
}
