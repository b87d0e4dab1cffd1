import "server-only";
import type { Scope } from "@/lib/auth/scope";
import { evaluatePartnerChannels } from "./evaluate";
import {
  countBySeverity,
  countChannelsNeedingAttention,
  type SeverityCounts,
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

/** "Needs attention" on the Overview: the partner's channels counted by their worst warning. */
export async function getAttentionCounts(scope: Scope) {
  const results = await evaluatePartnerChannels(scope);
  return countChannelsNeedingAttention(results);
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
