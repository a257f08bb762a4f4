import type { Metadata } from "next";
import Link from "next/link";
import { Notice } from "@/components/ui/form-status";

export const metadata: Metadata = { title: "Link ended" };

const messages: Record<string, { title: string; body: string }> = {
  expired: { title: "This link has expired", body: "Links to your forms work for a few days only, to keep your information safe." },
  used: { title: "This link was already used", body: "Each link works once, to keep your information safe. If you already sent your answers, you do not need to do anything." },
  invalid: { title: "This link does not work", body: "The address may be cut off or mistyped. Please open the link from your message again." },
  rate_limited: { title: "Please wait a few minutes", body: "There were too many tries from this device. Wait 10 minutes, then open the link from your message again." },
  finished: { title: "Your forms are closed", body: "Thank you. You can close this page now." },
  session: { title: "Your session has ended", body: "For your safety, your forms close one hour after you open the link." },
};

export default async function LinkEndedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const key = typeof sp.reason === "string" && sp.reason in messages ? sp.reason : "invalid";
  const m = messages[key]!;
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">{m.title}</h1>
      <p>{m.body}</p>
      {key !== "finished" ? (
        <Notice kind="info">
          <p className="font-semibold">What to do now</p>
          <ul className="mt-1 list-disc pl-5">
            <li>Call the clinic and ask for a new link to your forms, or</li>
            <li>
              if you have a patient portal account, <Link href="/login?callbackUrl=/me/forms" className="font-semibold underline">sign in</Link> and open &quot;My forms&quot;, or
            </li>
            <li>answer the questions with your care team at the start of your visit.</li>
          </ul>
        </Notice>
      ) : null}
    </div>
  );
}
