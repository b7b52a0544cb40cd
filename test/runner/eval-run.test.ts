import { describe, expect, it } from "vitest";
import { inProcessExecutor } from "../../src/runner/executor.js";
import { runEvalRequests } from "../../src/runner/eval-run.js";
import { openTarget } from "../../src/targets/open-target.js";
import type { WorkItem } from "../../src/workloads/workload.js";
import { rawServer } from "../helpers/raw-server.js";

describe("run stage alone: planned requests through the bench runner", () => {
  it("sends each work item once, with its own parameters over the run's, and tags each record with its item, variant and sample", async () => {
    const server = await rawServer((_req, res, body) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const asked = (JSON.parse(body) as { messages: Array<{ content: string }> }).messages[0]?.content ?? "";
      res.end(
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: `echo ${asked}` }, finish_reason: "stop" }] })}\n\ndata: [DONE]\n\n`,
      );
    });
    try {
      const { target } = await openTarget({
        target: server.url,
        api: "chat",
        stream: true,
        timeoutMs: 10_000,
        connections: 2,
        threads: 1,
        parallel: 1,
        ctxSize: 512,
      });
      const work = (content: string, sample: number, variant: { name: string; seed: number } | null): WorkItem => ({
        messages: [{ role: "user", content }],
        maxTokens: 4,
        inputTokensHint: null,
        eval: { task: "t", item_id: "q", sample, ...(variant ? { variant } : {}) },
        params: { seed: 100 + sample },
      });
      const requests = [work("q", 0, null), work("Q", 0, { name: "case", seed: 1 }), work("q", 1, null)];
      const records = await runEvalRequests(
        inProcessExecutor(target),
        requests,
        { concurrency: 2, params: { temperature: 1 }, seed: 0 },
        {},
        { stop: new AbortController().signal, abort: new AbortController().signal },
      );
      await target.close();
      expect(records).toHaveLength(3);
      expect(server.requests).toHaveLength(3);
      const byText = new Map(records.map((r) => [r.text, r]));
      expect(byText.get("echo Q")?.eval).toEqual({
        task: "t",
        item_id: "q",
        sample: 0,
        variant: { name: "case", seed: 1 },
      });
      expect(byText.get("echo Q")?.request.body).toMatchObject({ temperature: 1, seed: 100 });
      expect(
        records
          .filter((r) => r.text === "echo q")
          .map((r) => r.eval?.sample)
          .sort(),
      ).toEqual([0, 1]);
    } finally {
      await server.close();
    }
  });
});
