import { createHash } from "node:crypto";
import { join } from "node:path";
import Database from "better-sqlite3";
import { makeDirs } from "../make-dirs.js";
import { RecordBuilder, type RecordContext } from "../records/build.js";
import { createRedactor, type Redactor } from "../records/redact.js";
import { variantOf } from "../records/eval-key.js";
import { isCompleted, type RequestRecord, type VariantTag } from "../records/record.js";
import type { TargetInfo } from "../targets/target.js";
import type { GenerationRequest } from "../records/protocol.js";
import type { Executor, Finished } from "./executor.js";
import { targetFingerprint } from "./target-fingerprint.js";

/** What a cached answer keeps: everything the original answer had except its timings. */
interface CachedAnswer {
  text: string;
  reasoning: string;
  finish_reason: string | null;
  tokens: RequestRecord["tokens"];
  server_timing: RequestRecord["server_timing"];
  /** Absent when the request asked for none (a --logprobs request has its own key). */
  logprobs?: RequestRecord["logprobs"];
}

/** A hit: the answer and when it was stored (ISO time). */
export interface CacheHit {
  answer: CachedAnswer;
  stored_at: string;
}

/** Bumped when the key or the stored answer changes shape, so older entries (without log-probabilities) are never served. */
const KEY_VERSION = 2;

/**
 * A content-addressed cache of model answers in SQLite (WAL mode, so several runs may share it).
 * The key hashes the target's fingerprint (its whole /models answer, or the GGUF file and engine
 * settings), everything that shapes the request body and the sample index, so a redeployed server,
 * a different model, prompt, parameter or sample never hits another's answer.
 *
 * Answers are stored with the run's secrets redacted (the cache outlives the run and may be
 * replayed under another key, which could not redact the first). The `responses` table of earlier
 * versions stored answers as received, so it is dropped on open.
 */
export class ResponseCache {
  private readonly db: Database.Database;
  private readonly getStmt: Database.Statement<[string], { value: string; created_at: string }>;
  private readonly putStmt: Database.Statement<[string, string, string]>;
  private readonly redactor: Redactor;

  constructor(dir: string, secrets: readonly string[] = []) {
    this.redactor = createRedactor(secrets);
    makeDirs(dir, "response cache directory");
    this.db = new Database(join(dir, "responses.sqlite"));
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 5000");
    if (this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'responses'").get()) {
      // secure_delete zeroes the freed pages and VACUUM rewrites the file: dropping alone leaves the old bytes on disk.
      this.db.pragma("secure_delete = ON");
      this.db.exec("DROP TABLE responses");
      try {
        this.db.exec("VACUUM");
        this.db.pragma("wal_checkpoint(TRUNCATE)");
      } catch {
        // Another run holds the file: the zeroed pages are enough; a later open finds nothing left to do.
      }
    }
    this.db.exec(
      "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value TEXT NOT NULL, created_at TEXT NOT NULL)",
    );
    this.getStmt = this.db.prepare("SELECT value, created_at FROM answers WHERE key = ?");
    this.putStmt = this.db.prepare("INSERT OR REPLACE INTO answers (key, value, created_at) VALUES (?, ?, ?)");
  }

  /**
   * The cache key of one request to the target `identity` (targetFingerprint's) names, sample index
   * and variant included: a variant that leaves an item's text as it was is still a draw of its own.
   * The original's key is what it was before variants existed, so earlier answers still hit.
   */
  static key(
    identity: Record<string, unknown>,
    req: GenerationRequest,
    sample: number,
    variant: VariantTag | null = null,
  ): string {
    const body = {
      messages: req.messages ?? null,
      prompt: req.prompt ?? null,
      max_tokens: req.maxTokens,
      ignore_eos: req.ignoreEos,
      params: req.params,
    };
    return createHash("sha256")
      .update(JSON.stringify({ v: KEY_VERSION, identity, body, sample, ...(variant ? { variant } : {}) }))
      .digest("hex");
  }

  get(key: string): CacheHit | null {
    const row = this.getStmt.get(key);
    return row
      ? { answer: this.redactor.value(JSON.parse(row.value) as CachedAnswer), stored_at: row.created_at }
      : null;
  }

  put(key: string, r: RequestRecord): void {
    const value: CachedAnswer = {
      text: r.text,
      reasoning: r.reasoning,
      finish_reason: r.finish_reason,
      tokens: r.tokens,
      server_timing: r.server_timing ?? null,
      ...(r.logprobs ? { logprobs: r.logprobs } : {}),
    };
    this.putStmt.run(key, this.redactor.json(value), new Date().toISOString());
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Wraps an executor with the cache: a hit becomes a record at once, marked `cached: true` and with
 * no timing (every time is the moment it was served), so efficiency numbers never count it; a
 * completed miss is stored.
 */
export function cachingExecutor(inner: Executor, cache: ResponseCache, target: TargetInfo): Executor {
  // Once per run: fingerprinting the embedded engine's model reads and hashes part of its file.
  const identity = targetFingerprint(target);
  return {
    async execute(req, ctx: RecordContext, abort): Promise<Finished> {
      const key = ResponseCache.key(identity, req, ctx.eval?.sample ?? 0, ctx.eval ? variantOf(ctx.eval) : null);
      const hit = cache.get(key);
      if (hit) {
        const b = new RecordBuilder(ctx);
        const t = performance.now();
        const body = {
          cached: true,
          ...(req.messages ? { messages: req.messages } : { prompt: req.prompt }),
          max_tokens: req.maxTokens,
          ...req.params,
        };
        b.emit({
          type: "sent",
          t,
          api:
            target.kind === "llama"
              ? "engine"
              : target.kind === "openai" && target.api === "completions"
                ? "completions"
                : "chat",
          body,
        });
        b.emit({ type: "end", t });
        const a = hit.answer;
        return {
          tEnd: t,
          build: () => ({
            ...b.build(),
            text: a.text,
            reasoning: a.reasoning,
            finish_reason: a.finish_reason,
            tokens: a.tokens,
            server_timing: a.server_timing,
            ...(a.logprobs ? { logprobs: a.logprobs } : {}),
            cached: true,
            cached_at: hit.stored_at,
          }),
        };
      }
      const finish = await inner.execute(req, ctx, abort);
      return {
        tEnd: finish.tEnd,
        build: () => {
          const r = finish.build();
          if (isCompleted(r)) cache.put(key, r);
          return r;
        },
      };
    },
    close: () => inner.close(),
  };
}
