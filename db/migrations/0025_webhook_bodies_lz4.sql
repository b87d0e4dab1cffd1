-- Raw webhook bodies (a history chunk is ~250 KB) are compressed with lz4 rather than pglz: the
-- durable insert Meta waits for, and the read back by processing, spend less CPU on it. Only
-- where the server has lz4 (PostgreSQL 14+ built with it; the embedded PGlite has not): the
-- column keeps pglz elsewhere, which reads and writes the same. Existing rows keep theirs.
DO $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM pg_settings
    WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)
  ) THEN
    ALTER TABLE "webhook_events" ALTER COLUMN "body" SET COMPRESSION lz4;
  END IF;
END
$$;
