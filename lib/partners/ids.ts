import { z } from "zod";

const uuid = z.uuid();

/** Route ids that are not uuids name nothing (and must not reach a uuid column as a cast error). */
export function isUuid(value: string): boolean {
  return uuid.safeParse(value).success;
}
