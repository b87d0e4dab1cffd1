import "server-only";
import { and, asc, eq, notInArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { channels, type MessageTemplateRow, messageTemplates } from "@/db/schema";
import type { Scope } from "@/lib/auth/scope";
import { loadSendingChannel, type SendingChannel } from "@/lib/chats/send/channel";
import { AppError } from "@/lib/errors";
import { getLogger } from "@/lib/logger";
import {
  createTemplate,
  deleteTemplate,
  editTemplate,
  type GraphOptions,
  isMetaApiError,
  listTemplates,
  type MessageTemplate,
  type MetaApiError,
} from "@/lib/meta/graph";
import { templateDefinitionSchema } from "./definition";
import { changesToSend, editProblems, editRefusal, editTemplateBody } from "./edit-rules";

/**
 * The hub's copy of each WABA's templates (message_templates): read from Meta on first use and
 * when a webhook names a template the hub does not know, kept current by the template webhooks
 * (lib/ingest/handlers/templates.ts). Lists never wait on Meta once synced. Every function takes
 * the partner (and client, for client users) and reaches a channel only through it.
 */

/** The channel a template call is about, reached only through the caller's scope. */
type OnChannel = { channelId: string };

export type TemplateListing = {
  templates: MessageTemplateRow[];
  syncedAt: Date | null;
  /** Meta could not be asked (the list shown is what the hub last knew). */
  syncError: string | null;
};

/** Meta's refusal in words: its message for people first, then our hint, then its own message. */
export function metaRefusalInWords(error: MetaApiError): string {
  if (error.kind !== "meta") {
    return error.kind === "timeout" ? "Meta did not answer in time." : "Meta could not be reached.";
  }
  return error.userMessage ?? error.hint ?? error.metaMessage ?? error.message;
}

function toRow(partnerId: string, wabaId: string, t: MessageTemplate) {
  return {
    partnerId,
    wabaId,
    metaTemplateId: t.id,
    name: t.name,
    language: t.language,
    category: t.category,
    previousCategory: t.previous_category ?? null,
    status: t.status,
    qualityScore: t.quality_score?.score ?? null,
    rejectionReason: t.rejected_reason && t.rejected_reason !== "NONE" ? t.rejected_reason : null,
    components: (t.components ?? []) as Record<string, unknown>[],
  };
}

/**
 * Replaces the hub's copy of the WABA's templates with Meta's list. This, markTemplatesStale and
 * findApprovedTemplate run on a channel already reached through a scope (or by ingestion): they
 * take the channel's own partner id.
 */
export async function syncWabaTemplates({
  channel,
  graph,
}: {
  channel: Pick<SendingChannel, "partnerId" | "wabaId" | "token">;
  graph?: GraphOptions;
}): Promise<void> {
  if (!channel.token) throw new AppError("conflict", "The channel has no business token.");
  const listed = await listTemplates({ token: channel.token, wabaId: channel.wabaId, graph });
  const { partnerId, wabaId } = channel;
  await getDb().transaction(async (tx) => {
    if (listed.length > 0) {
      await tx
        .insert(messageTemplates)
        .values(listed.map((t) => toRow(partnerId, wabaId, t)))
        .onConflictDoUpdate({
          target: [
            messageTemplates.partnerId,
            messageTemplates.wabaId,
            messageTemplates.name,
            messageTemplates.language,
          ],
          set: {
            metaTemplateId: sql`excluded.meta_template_id`,
            category: sql`excluded.category`,
            previousCategory: sql`coalesce(excluded.previous_category, ${messageTemplates.previousCategory})`,
            status: sql`excluded.status`,
            qualityScore: sql`coalesce(excluded.quality_score, ${messageTemplates.qualityScore})`,
            rejectionReason: sql`excluded.rejection_reason`,
            components: sql`excluded.components`,
            lastChangeAt: sql`case when ${messageTemplates.status} is distinct from excluded.status or ${messageTemplates.category} is distinct from excluded.category then now() else ${messageTemplates.lastChangeAt} end`,
            updatedAt: sql`now()`,
          },
        });
    }
    // Gone from Meta's list: deleted elsewhere (WhatsApp Manager, another tool).
    const ids = listed.map((t) => t.id);
    await tx
      .delete(messageTemplates)
      .where(
        and(
          eq(messageTemplates.partnerId, partnerId),
          eq(messageTemplates.wabaId, wabaId),
          ids.length > 0 ? notInArray(messageTemplates.metaTemplateId, ids) : undefined,
        ),
      );
    await tx
      .update(channels)
      .set({ templatesSyncedAt: new Date() })
      .where(and(eq(channels.partnerId, partnerId), eq(channels.wabaId, wabaId)));
  });
}

/** The WABA's list is read from Meta again before its next use. */
export async function markTemplatesStale(channel: { partnerId: string; wabaId: string }) {
  await getDb()
    .update(channels)
    .set({ templatesSyncedAt: null })
    .where(and(eq(channels.partnerId, channel.partnerId), eq(channels.wabaId, channel.wabaId)));
}

async function channelTemplatesSyncedAt(channelId: string) {
  const [row] = await getDb()
    .select({ at: channels.templatesSyncedAt })
    .from(channels)
    .where(eq(channels.id, channelId));
  return row?.at ?? null;
}

/**
 * The channel's WABA's templates from the hub's table. Read from Meta first when the hub has
 * never read them (or a webhook named an unknown one), or when `refresh` is asked.
 */
export async function listChannelTemplates(
  scope: Scope,
  { refresh = false, graph, channelId }: OnChannel & { refresh?: boolean; graph?: GraphOptions },
): Promise<TemplateListing> {
  const channel = await loadSendingChannel(scope, { channelId });
  let syncedAt = await channelTemplatesSyncedAt(channel.id);
  let syncError: string | null = null;
  if ((refresh || !syncedAt) && channel.token) {
    try {
      await syncWabaTemplates({ channel, graph });
      syncedAt = await channelTemplatesSyncedAt(channel.id);
    } catch (error) {
      if (!isMetaApiError(error)) throw error;
      getLogger().warn(
        { metaError: error.toJSON(), channelId: channel.id },
        "template sync failed",
      );
      syncError = `The templates could not be read from Meta: ${metaRefusalInWords(error)}`;
    }
  }
  const templates = await getDb()
    .select()
    .from(messageTemplates)
    .where(
      and(
        eq(messageTemplates.partnerId, channel.partnerId),
        eq(messageTemplates.wabaId, channel.wabaId),
      ),
    )
    .orderBy(asc(messageTemplates.name), asc(messageTemplates.language));
  return { templates, syncedAt, syncError };
}

/** The approved template of that name and language on the channel's WABA, from the hub's table. */
export async function findApprovedTemplate({
  partnerId,
  wabaId,
  name,
  language,
}: {
  partnerId: string;
  wabaId: string;
  name: string;
  language: string;
}): Promise<MessageTemplateRow | null> {
  const [row] = await getDb()
    .select()
    .from(messageTemplates)
    .where(
      and(
        eq(messageTemplates.partnerId, partnerId),
        eq(messageTemplates.wabaId, wabaId),
        eq(messageTemplates.name, name),
        eq(messageTemplates.language, language),
        eq(messageTemplates.status, "APPROVED"),
      ),
    );
  return row ?? null;
}

/** Meta's refusal as an AppError in words, with Meta's codes for API callers. */
function metaRefusal(error: MetaApiError, lead: string): AppError {
  return new AppError(
    error.kind === "meta" ? "unprocessable" : "bad_gateway",
    `${lead}: ${metaRefusalInWords(error)}`,
    undefined,
    {
      details: {
        meta_error: {
          code: error.code ?? null,
          error_subcode: error.errorSubcode ?? null,
          message: error.userMessage ?? error.metaMessage ?? null,
          fbtrace_id: error.fbtraceId ?? null,
        },
      },
    },
  );
}

function fieldErrors(issues: { path: PropertyKey[]; message: string }[]) {
  const out: Record<string, string[]> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join(".") || "body";
    out[path] = [...(out[path] ?? []), issue.message];
  }
  return out;
}

/**
 * Validates with Meta's rules, asks Meta to create it, and keeps it (PENDING) in the hub's
 * table; the review's result arrives by webhook. Meta's refusal is an AppError in words.
 */
export async function createChannelTemplate(
  scope: Scope,
  { body, graph, channelId }: OnChannel & { body: unknown; graph?: GraphOptions },
): Promise<MessageTemplateRow> {
  const parsed = templateDefinitionSchema.safeParse(body);
  if (!parsed.success) {
    throw new AppError(
      "unprocessable",
      "The template does not follow Meta's rules: nothing was sent to Meta.",
      fieldErrors(parsed.error.issues),
    );
  }
  const channel = await loadSendingChannel(scope, { channelId });
  if (!channel.token) throw new AppError("conflict", "The channel has no business token.");
  const definition = parsed.data;
  let created: Awaited<ReturnType<typeof createTemplate>>;
  try {
    created = await createTemplate({
      token: channel.token,
      wabaId: channel.wabaId,
      template: definition,
      graph,
    });
  } catch (error) {
    if (!isMetaApiError(error)) throw error;
    throw metaRefusal(error, "Meta refused the template");
  }
  const [row] = await getDb()
    .insert(messageTemplates)
    .values({
      partnerId: channel.partnerId,
      wabaId: channel.wabaId,
      metaTemplateId: created.id,
      name: definition.name,
      language: definition.language,
      category: created.category ?? definition.category,
      status: created.status ?? "PENDING",
      components: definition.components as Record<string, unknown>[],
    })
    .onConflictDoUpdate({
      target: [
        messageTemplates.partnerId,
        messageTemplates.wabaId,
        messageTemplates.name,
        messageTemplates.language,
      ],
      set: {
        metaTemplateId: created.id,
        category: created.category ?? definition.category,
        status: created.status ?? "PENDING",
        components: definition.components as Record<string, unknown>[],
        rejectionReason: null,
        lastChangeAt: new Date(),
      },
    })
    .returning();
  return row!;
}

/** Deletes every language of the name at Meta, then from the hub's table. */
export async function deleteChannelTemplate(
  scope: Scope,
  { name, graph, channelId }: OnChannel & { name: string; graph?: GraphOptions },
): Promise<{ deleted: number }> {
  const channel = await loadSendingChannel(scope, { channelId });
  if (!channel.token) throw new AppError("conflict", "The channel has no business token.");
  try {
    await deleteTemplate({ token: channel.token, wabaId: channel.wabaId, name, graph });
  } catch (error) {
    if (!isMetaApiError(error)) throw error;
    throw new AppError(
      error.kind === "meta" ? "unprocessable" : "bad_gateway",
      `Meta refused to delete the template: ${metaRefusalInWords(error)}`,
    );
  }
  const deleted = await getDb()
    .delete(messageTemplates)
    .where(
      and(
        eq(messageTemplates.partnerId, channel.partnerId),
        eq(messageTemplates.wabaId, channel.wabaId),
        eq(messageTemplates.name, name),
      ),
    )
    .returning({ id: messageTemplates.id });
  return { deleted: deleted.length };
}

/**
 * The hub's row of a template by name, and language when given; without a language the name
 * must have only one (Meta keys a template by both). 404 / 422 in words otherwise.
 */
async function findTemplateRow(
  channel: Pick<SendingChannel, "partnerId" | "wabaId">,
  name: string,
  language?: string,
): Promise<MessageTemplateRow> {
  const rows = await getDb()
    .select()
    .from(messageTemplates)
    .where(
      and(
        eq(messageTemplates.partnerId, channel.partnerId),
        eq(messageTemplates.wabaId, channel.wabaId),
        eq(messageTemplates.name, name),
        language ? eq(messageTemplates.language, language) : undefined,
      ),
    )
    .orderBy(asc(messageTemplates.language));
  if (rows.length === 0) {
    throw new AppError(
      "not_found",
      language
        ? `No template ${name} in ${language} on this channel.`
        : `No template ${name} on this channel.`,
    );
  }
  if (rows.length > 1) {
    throw new AppError(
      "unprocessable",
      `${name} exists in ${rows.map((r) => r.language).join(", ")}: say which language to edit.`,
      { language: ["Required when the template has several languages."] },
    );
  }
  return rows[0]!;
}

/**
 * Edits a template where Meta allows it (lib/templates/edit-rules.ts): refused in words (409)
 * before Meta when the hub knows Meta would refuse, checked with the create rules (422), then
 * sent to Meta; Meta's own refusals (e.g. an approved template's daily edit already used) are
 * relayed in words. On success the hub's row holds the new content, PENDING: the review's
 * result arrives by webhook like a create's.
 */
export async function editChannelTemplate(
  scope: Scope,
  {
    name,
    language,
    body,
    graph,
    channelId,
  }: OnChannel & {
    name: string;
    language?: string;
    body: unknown;
    graph?: GraphOptions;
  },
): Promise<MessageTemplateRow> {
  const parsed = editTemplateBody.safeParse(body);
  if (!parsed.success) {
    throw new AppError(
      "unprocessable",
      "The change does not follow Meta's rules: nothing was sent to Meta.",
      fieldErrors(parsed.error.issues),
    );
  }
  const channel = await loadSendingChannel(scope, { channelId });
  if (!channel.token) throw new AppError("conflict", "The channel has no business token.");
  // The template's Meta id and status come from the hub's copy: read it if it was never read.
  if (!channel.templatesSyncedAt) {
    try {
      await syncWabaTemplates({ channel, graph });
    } catch (error) {
      if (!isMetaApiError(error)) throw error;
      throw metaRefusal(error, "The templates could not be read from Meta");
    }
  }
  const row = await findTemplateRow(channel, name, language);
  const refusal = editRefusal(row, parsed.data);
  if (refusal) throw new AppError("conflict", refusal);
  const changes = changesToSend(row, parsed.data);
  if (!changes) {
    throw new AppError(
      "unprocessable",
      "Nothing to change: the category is the one it has. Nothing was sent to Meta.",
    );
  }
  const problems = editProblems(row, changes);
  if (problems) {
    throw new AppError(
      "unprocessable",
      "The change does not follow Meta's rules: nothing was sent to Meta.",
      problems,
    );
  }
  // The change's time is when Meta was asked: the review's webhook is never older than that.
  const askedAt = new Date();
  let answer: { success: boolean };
  try {
    answer = await editTemplate({
      token: channel.token,
      templateId: row.metaTemplateId,
      changes,
      graph,
    });
  } catch (error) {
    if (!isMetaApiError(error)) throw error;
    throw metaRefusal(error, "Meta refused the change");
  }
  if (!answer.success) {
    throw new AppError(
      "bad_gateway",
      "Meta did not confirm the change: refresh the list to see what Meta holds.",
    );
  }
  // Meta's review answers by webhook minutes later (seconds in the sandbox), well after this.
  const [updated] = await getDb()
    .update(messageTemplates)
    .set({
      ...(changes.components ? { components: changes.components } : {}),
      ...(changes.category ? { category: changes.category, previousCategory: null } : {}),
      status: "PENDING",
      rejectionReason: null,
      lastChangeAt: askedAt,
      updatedAt: new Date(),
    })
    .where(eq(messageTemplates.id, row.id))
    .returning();
  return updated!;
}
