import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { historyChunks } from "@/db/schema";
import type { CustomerRef, UserIdChange } from "../identity/people";
import { resolveContacts } from "../identity/resolve";
import {
  applyStatusUpdates,
  type ChannelOfEvent,
  type ChannelWamids,
  type ScopedDraft,
  type ScopedSighting,
  type ScopedStatus,
  statusSightings,
  upsertMessageDrafts,
} from "../write";
import { type AppContactAction, upsertAppContacts } from "./app-contacts";

type ChunkRow = typeof historyChunks.$inferInsert;

/** Facts about a channel that a batch moves forward (each kept only if it is news). */
export type ChannelFacts = {
  partnerId: string;
  appActivityAt?: Date;
  // Keyed by the onboarding generation: a re-onboarded number's import is its own.
  historyProgress?: { generation: number; progress: number };
  historyDeclinedAt?: { generation: number; at: Date };
  contactsSyncedAt?: { generation: number; at: Date };
  // The newest contact change saved in the app: app activity once the requested import is in.
  appContactChangeAt?: Date;
};

/**
 * What a batch of webhook changes writes, gathered first and written after with one statement
 * per table (sliced under Postgres' parameter limit), whatever number of events, channels and
 * partners the batch spans. The collectors (lib/ingest/handlers) fill it; `flush` writes it.
 */
export class BatchWrites {
  sightings: ScopedSighting[] = [];
  drafts: ScopedDraft[] = [];
  statuses: ScopedStatus[] = [];
  appContacts: AppContactAction[] = [];
  userIdChanges: UserIdChange[] = [];
  chunks: ChunkRow[] = [];
  facts = new Map<string, ChannelFacts>();

  private historyCustomers = new Set<string>();
  private historyCustomerRefs = new WeakMap<CustomerRef, string>();

  /**
   * History names no profile and no live time: one sighting per customer of the batch is the
   * same as one per message, and a batch of a few chunks (thousands of messages) names far fewer
   * customers, each in many chunks.
   */
  sightHistoryCustomer(scope: ChannelOfEvent, customer: CustomerRef) {
    // Messages of one thread share their customer object: the key is built once per thread.
    if (this.historyCustomerRefs.get(customer) === scope.channelId) return;
    this.historyCustomerRefs.set(customer, scope.channelId);
    const { waId, userId, parentUserId, username } = customer;
    const key = `${scope.channelId}|${waId ?? ""}|${userId ?? ""}|${parentUserId ?? ""}|${username ?? ""}`;
    if (this.historyCustomers.has(key)) return;
    this.historyCustomers.add(key);
    this.sightings.push({ ...scope, ...customer });
  }

  fact(channelId: string, partnerId: string): ChannelFacts {
    let facts = this.facts.get(channelId);
    if (!facts) {
      facts = { partnerId };
      this.facts.set(channelId, facts);
    }
    return facts;
  }

  get isEmpty() {
    return (
      this.sightings.length +
        this.drafts.length +
        this.statuses.length +
        this.appContacts.length +
        this.userIdChanges.length +
        this.chunks.length +
        this.facts.size ===
      0
    );
  }

  /**
   * Writes everything gathered, in an order every batch follows (rows sorted by key inside).
   * Returns the messages to probe again for edits once the batch has committed.
   */
  async flush(db: Executor): Promise<ChannelWamids[]> {
    // Every contact the batch names, found or created, BSUID changes applied first.
    const contactIds = await resolveContacts(
      db,
      [...this.sightings, ...statusSightings(this.statuses)],
      this.userIdChanges,
    );
    await upsertAppContacts(db, this.appContacts, contactIds);
    const written = await upsertMessageDrafts(db, this.drafts, contactIds);
    await applyStatusUpdates(db, this.statuses, contactIds);
    if (this.chunks.length > 0) {
      await db.insert(historyChunks).values(this.chunks).onConflictDoNothing();
    }
    await writeChannelFacts(db, this.facts);
    return written;
  }
}

/**
 * Last, one statement per channel for whichever facts moved, sorted by channel: the channel row
 * is locked from here to the commit, so batches touching one channel wait on each other briefly.
 */
async function writeChannelFacts(db: Executor, facts: Map<string, ChannelFacts>) {
  const ordered = [...facts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [channelId, f] of ordered) {
    const sets = [];
    const news = [];
    if (f.appActivityAt) {
      const at = sql`${f.appActivityAt.toISOString()}::timestamptz`;
      sets.push(sql`last_app_activity_at = greatest(last_app_activity_at, ${at})`);
      news.push(sql`(last_app_activity_at is null or last_app_activity_at < ${at})`);
    }
    if (f.historyProgress) {
      const { generation, progress } = f.historyProgress;
      const isNews = sql`(sync_generation = ${generation} and (history_progress is null or history_progress < ${progress}))`;
      sets.push(
        sql`history_progress = case when ${isNews} then ${progress} else history_progress end`,
      );
      news.push(isNews);
    }
    if (f.historyDeclinedAt) {
      const { generation, at } = f.historyDeclinedAt;
      const isNews = sql`(sync_generation = ${generation} and history_declined_at is null)`;
      sets.push(
        sql`history_declined_at = case when ${isNews} then ${at.toISOString()}::timestamptz else history_declined_at end`,
      );
      news.push(isNews);
    }
    if (f.appContactChangeAt) {
      // Evaluated on the row as it was: the change that marks the sync received is not activity.
      const at = sql`${f.appContactChangeAt.toISOString()}::timestamptz`;
      const isNews = sql`(contacts_synced_at is not null and (last_app_activity_at is null or last_app_activity_at < ${at}))`;
      if (f.appActivityAt) sets.shift();
      sets.push(
        sql`last_app_activity_at = greatest(last_app_activity_at, ${f.appActivityAt ? sql`${f.appActivityAt.toISOString()}::timestamptz` : null}, case when ${isNews} then ${at} end)`,
      );
      news.push(isNews);
    }
    if (f.contactsSyncedAt) {
      const { generation, at } = f.contactsSyncedAt;
      const isNews = sql`(sync_generation = ${generation} and contacts_synced_at is null)`;
      sets.push(
        sql`contacts_synced_at = case when ${isNews} then ${at.toISOString()}::timestamptz else contacts_synced_at end`,
      );
      news.push(isNews);
    }
    if (sets.length === 0) continue;
    // Only when something is news: an unchanged channel row is neither rewritten nor locked.
    await db.execute(
      sql`update channels set ${sql.join(sets, sql`, `)} where id = ${channelId} and (${sql.join(news, sql` or `)})`,
    );
  }
}
