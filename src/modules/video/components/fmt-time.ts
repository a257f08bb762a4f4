/** A time of day in the patient's time zone ("-" when there is none). */
export function fmtTime(iso: string | null, timeZone: string) {
  return iso
    ? new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(new Date(iso))
    : "-";
}
