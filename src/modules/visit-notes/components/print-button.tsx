"use client";

export function PrintButton() {
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="no-print inline-flex min-h-11 items-center rounded-md border border-slate-400 bg-white px-4 font-semibold hover:bg-slate-100"
    >
      Print
    </button>
  );
}
