import type { IconNode } from "lucide";
import type { MessageKey, Translate } from "@/i18n/translator";
import { Icon } from "@/components/ui/icon";
import { carePlanIcon, consentIcon, homeIcon, signOutIcon, specimenIcon, todoIcon } from "@/components/ui/icons";

export type PortalSection = "home" | "forms" | "carePlan" | "tests" | "consent";

const items: { section: PortalSection; href: string; icon: IconNode; label: MessageKey }[] = [
  { section: "home", href: "/me", icon: homeIcon, label: "portal.nav.home" },
  { section: "forms", href: "/me/forms", icon: todoIcon, label: "portal.nav.forms" },
  { section: "carePlan", href: "/me/care-plan", icon: carePlanIcon, label: "portal.nav.carePlan" },
  { section: "tests", href: "/me/tests", icon: specimenIcon, label: "portal.nav.tests" },
  { section: "consent", href: "/me/consent", icon: consentIcon, label: "portal.nav.consent" },
];

/**
 * The signed-in portal's navigation (docs/decisions/patient-pages-rendering.md): plain links,
 * each an icon beside its word, and sign-out as a plain form posting to /me/sign-out. No script.
 */
export function PortalNav({ t, current }: { t: Translate; current?: PortalSection }) {
  return (
    <div className="mx-auto flex max-w-2xl flex-wrap items-end justify-between gap-2 px-4">
      <nav aria-label={t("portal.nav.label")}>
        <ul className="flex flex-wrap gap-1">
          {items.map((i) => (
            <li key={i.section}>
              <a
                href={i.href}
                aria-current={i.section === current ? "page" : undefined}
                className={`inline-flex min-h-11 items-center gap-1 rounded-t-md px-2 font-medium text-slate-800 underline-offset-2 hover:bg-slate-100 hover:text-teal-900 ${
                  i.section === current ? "border-b-4 border-teal-800 text-teal-900" : ""
                }`}
              >
                <Icon icon={i.icon} />
                {t(i.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="post" action="/me/sign-out" className="pb-1">
        <button
          type="submit"
          className="inline-flex min-h-11 items-center gap-1 rounded-md border border-slate-400 px-3 font-medium hover:bg-slate-100"
        >
          <Icon icon={signOutIcon} />
          {t("portal.nav.signOut")}
        </button>
      </form>
    </div>
  );
}
