import { NextResponse } from "next/server";
import { getJobsPlacement, getReadiness } from "@/lib/system/readiness";
import { getSystemStatus } from "@/lib/system/status";

export const dynamic = "force-dynamic";

export async function GET() {
  // Start-up is waiting for the database (lib/startup.ts): not ready, but on its way.
  if (getReadiness() === "starting") {
    return NextResponse.json(
      { status: "starting", database: null, migrations: null },
      { status: 503, headers: { "retry-after": "5" } },
    );
  }
  const status = await getSystemStatus();
  if (status.status === "ok") return NextResponse.json({ ...status, jobs: getJobsPlacement() });
  // The reason stays in our logs' hands; the probe only needs to know it is down.
  return NextResponse.json(
    { status: status.status, database: status.database, migrations: null },
    { status: 503 },
  );
}
