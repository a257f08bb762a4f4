/** A short page with a heading, one paragraph and maybe one link (403, account not linked). */
export function PortalMessage({
  title,
  body,
  link,
}: {
  title: string;
  body: string;
  link?: { href: string; text: string };
}) {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="text-slate-700">{body}</p>
      {link ? (
        <p>
          <a href={link.href} className="inline-flex min-h-11 items-center font-semibold text-teal-800 underline">
            {link.text}
          </a>
        </p>
      ) : null}
    </div>
  );
}
