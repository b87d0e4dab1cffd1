// The background-jobs thread's entry (lib/jobs/jobs-thread.ts starts it). Plain JavaScript:
// a worker thread loads this file from disk, outside Next's bundle, so TypeScript is compiled
// on the fly by tsx, as for `npm run worker`.
import { register } from "tsx/esm/api";

register();
await import("./thread-main.ts");
