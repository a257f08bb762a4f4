import { createElement, type ReactNode } from "react";
import type { IconNode } from "lucide";

/**
 * Icons are Lucide's SVG drawings (docs/decisions/0007d-icons-and-layout.md), rendered here as a
 * plain <svg> with no hooks and no "use client": a server component renders it into the HTML, the
 * zero-JS patient form renders it with renderToStaticMarkup, and a client leaf may use it too.
 * An icon never stands alone: the word is always beside it, so icons are decorative (aria-hidden).
 */
export function Icon({ icon, className = "" }: { icon: IconNode; className?: string }) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 24 24"
      width="1em"
      height="1em"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      data-icon=""
      className={`inline-block h-[1.1em] w-[1.1em] shrink-0 align-[-0.2em] ${className}`}
    >
      {icon.map(([tag, attrs], i) => createElement(tag, { key: i, ...attrs }))}
    </svg>
  );
}

/** An icon and its word, aligned on one line (the word wraps, the icon stays beside it). */
export function IconText({
  icon,
  children,
  className = "",
}: {
  icon: IconNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <span className={`inline-flex items-baseline gap-1 ${className}`}>
      <Icon icon={icon} className="self-center" />
      <span>{children}</span>
    </span>
  );
}

const boxed = "rounded-full border px-2 py-0.5";
export const chipTones = {
  neutral: `${boxed} border-slate-400 bg-white text-slate-900`,
  muted: `${boxed} border-slate-400 bg-slate-100 text-slate-800`,
  info: `${boxed} border-slate-500 bg-slate-50 text-slate-900`,
  good: `${boxed} border-teal-800 bg-teal-50 text-teal-900`,
  warn: `${boxed} border-amber-800 bg-amber-50 text-amber-950`,
  bad: `${boxed} border-red-700 bg-red-50 text-red-900`,
  /** No box: an icon and a word in running text (modality beside a time, say). */
  plain: "text-slate-800",
} as const;

export type ChipTone = keyof typeof chipTones;

/**
 * A status chip: icon + word, the tone only reinforcing them (never color alone, docs/ux-principles.md#every-screen).
 * data-chip lets the e2e check that every chip on a page has an <svg> and a word.
 */
export function Chip({
  icon,
  tone = "neutral",
  strong = false,
  children,
  className = "",
}: {
  icon: IconNode;
  tone?: ChipTone;
  strong?: boolean;
  children: ReactNode;
  className?: string;
}) {
  return (
    <span
      data-chip=""
      className={`inline-flex items-center gap-1 text-sm ${strong ? "font-semibold" : "font-medium"} ${chipTones[tone]} ${className}`}
    >
      <Icon icon={icon} />
      <span>{children}</span>
    </span>
  );
}
