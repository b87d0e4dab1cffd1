import { NextResponse } from "next/server";
import { getSystemStatus } from "@/lib/system/status";

export const dynamic = "force-dynamic";

export async function GET() {
  const status = await getSystemStatus();
  if (status.status === "ok") return NextResponse.json(status);
  // The reason stays in our logs' hands; the probe only needs to know it is down.
  return NextResponse.json(
    { status: status.status, database: status.database, migrations: null },
    { status: 503 },
  );
}
