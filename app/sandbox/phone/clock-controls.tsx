"use client";

import { Button } from "@/components/ui/button";
import { controlApi, type RunAction, type SandboxClock } from "./control-api";

const HOUR = 3600;
const STEPS = [
  { label: "+1 h", seconds: HOUR },
  { label: "+1 day", seconds: 24 * HOUR },
  { label: "+13 days", seconds: 13 * 24 * HOUR },
];

/** The sandbox clock, and the jumps that make windows close and inactivity rules fire. */
export function ClockControls({ clock, run }: { clock: SandboxClock | null; run: RunAction }) {
  const move = (body: unknown) => controlApi("clock", { method: "POST", body });
  return (
    <div className="text-sm" aria-live="polite">
      Sandbox clock: <strong>{clock ? new Date(clock.now).toLocaleString() : "…"}</strong>
      {clock && clock.offset_seconds !== 0
        ? ` (${Math.round(clock.offset_seconds / HOUR)} h ahead)`
        : ""}
      <div className="mt-1 flex gap-2">
        {STEPS.map((step) => (
          <Button
            key={step.label}
            size="sm"
            variant="outline"
            onClick={() =>
              run(`Clock ${step.label}`, () => move({ advance_seconds: step.seconds }))
            }
          >
            {step.label}
          </Button>
        ))}
        <Button
          size="sm"
          variant="ghost"
          onClick={() => run("Clock reset", () => move({ reset: true }))}
        >
          Reset
        </Button>
      </div>
    </div>
  );
}
