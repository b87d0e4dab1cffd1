import "server-only";
import type { Scope } from "@/lib/auth/scope";
import { evaluatePartnerChannels } from "./evaluate";
import type { ChannelRowForHealth } from "./input";
import {
  type AttentionSummary,
  countBySeverity,
  type SeverityCounts,
  summarizeAttention,
  worstSeverity,
} from "./rules";
import type { HealthWarning, Severity } from "./types";

export type ChannelWarningSummary = {
  worst: Severity | null;
  counts: SeverityCounts;
  warnings: Pick<HealthWarning, "id" | "severity" | "title">[];
};

/**
 * The warnings of a page of channels for the channel list: one batched evaluation (a fixed number
 * of queries, whatever the number of channels). Other partners' ids are absent from the result.
 */
export async function summarizeChannelWarnings(
  scope: Scope,
  { channelIds }: { channelIds: readonly string[] },
): Promise<Map<string, ChannelWarningSummary>> {
  if (channelIds.length === 0) return new Map();
  const results = await evaluatePartnerChannels(scope, { channelIds });
  return new Map(
    results.map(({ channel, warnings }) => [
      channel.id,
      {
        worst: worstSeverity(warnings),
        counts: countBySeverity(warnings),
        warnings: warnings.map(({ id, severity, title }) => ({ id, severity, title })),
      },
    ]),
  );
}

export type AttentionChannel = Pick<ChannelRowForHealth, "id" | "displayPhoneNumber">;
export type AttentionWarning = Pick<HealthWarning, "id" | "severity" | "title">;
export type NeedsAttention = AttentionSummary<AttentionChannel, AttentionWarning>;

/**
 * "Needs attention" on the Overview: the caller's channels with a critical or warning (the headline
 * number), split by their worst warning, and the warnings themselves for the list. One batched
 * evaluation of every channel in the scope (a client user's scope: that client's channels only).
 */
export async function getNeedsAttention(scope: Scope): Promise<NeedsAttention> {
  const results = await evaluatePartnerChannels(scope);
  return summarizeAttention(
    results.map(({ channel, warnings }) => ({
      channel: { id: channel.id, displayPhoneNumber: channel.displayPhoneNumber },
      warnings: warnings.map(({ id, severity, title }) => ({ id, severity, title })),
    })),
  );
}

/** A warning as the Partner API's channel resource carries it (`warnings[]`). */
export type ApiChannelWarning = { code: string; severity: Severity; message: string };

/** The Partner API's `warnings[]` for some channels of one partner, in one batched evaluation. */
export async function listApiChannelWarnings(
  scope: Scope,
  { channelIds }: { channelIds: readonly string[] },
): Promise<Map<string, ApiChannelWarning[]>> {
  if (channelIds.length === 0) return new Map();
  const results = await evaluatePartnerChannels(scope, { channelIds });
  return new Map(
    results.map(({ channel, warnings }) => [
      channel.id,
      warnings.map((w) => ({
        code: w.id,
        severity: w.severity,
        message: `${w.message} ${w.advice}`,
      })),
    ]),
  );
}
