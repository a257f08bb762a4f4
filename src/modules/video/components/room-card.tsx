"use client";

const cardTone = {
  done: "border-2 border-teal-700",
  quiet: "border border-slate-300",
  error: "border-2 border-red-700",
} as const;

/** How the room ends up for this person (moved to phone, ended, removed, could not open). */
export function RoomCard({
  title,
  tone,
  children,
}: {
  title: string;
  tone: keyof typeof cardTone;
  children: React.ReactNode;
}) {
  return (
    <section
      aria-labelledby="room-h"
      className={`flex flex-col gap-3 rounded-xl bg-white p-4 ${cardTone[tone]}`}
      role={tone === "error" ? "alert" : "status"}
    >
      <h2 id="room-h" className="text-xl font-bold">
        {title}
      </h2>
      {children}
    </section>
  );
}
