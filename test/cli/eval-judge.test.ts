import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, SHARED } from "../helpers/cli.js";
import { rawServer } from "../helpers/raw-server.js";
import { chatSse } from "../helpers/sse.js";

const dir = mkdtempSync(join(tmpdir(), "infermark-judge-"));
const data = join(dir, "qa.jsonl");
writeFileSync(
  data,
  ["q1", "q2", "q3", "q4", "q5"].map((id) => JSON.stringify({ id, input: `question ${id}?`, target: "x" })).join("\n") +
    "\n",
);

type Msg = { role: string; content: string };
const messagesOf = (body: string): Msg[] => (JSON.parse(body) as { messages: Msg[] }).messages;

/** A model that answers "answer to qN" (or "baseline answer to qN" for the baseline server). */
async function model(prefix: string): Promise<Awaited<ReturnType<typeof rawServer>>> {
  return rawServer((_req, res, body) => {
    const q = /question (q\d)/.exec(messagesOf(body).at(-1)?.content ?? "")?.[1] ?? "?";
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.end(chatSse(`${prefix}answer to ${q}`));
  });
}

/** A judge answering from a script keyed on which answer it is shown; `retry` is true when infermark asked again. */
async function judge(reply: (answer: string, retry: boolean, msgs: Msg[]) => string) {
  return rawServer((_req, res, body) => {
    const msgs = messagesOf(body);
    const user = msgs.find((m) => m.role === "user")?.content ?? "";
    const answer = /\[Answer(?: A)?\]\n([^\n]*)\n/.exec(user)?.[1] ?? "";
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.end(chatSse(reply(answer, msgs.length > 2, msgs)));
  });
}

type JudgeLineOnDisk = {
  item_id: string;
  status: string;
  calls: Array<{ parsed: unknown; replies: string[]; prompt: Msg[] }>;
};
type Judge = Record<string, unknown> & {
  score: { value: number | null; ci95: [number, number]; n: number };
  win_rate: { value: number | null; ci95: [number, number]; n: number };
  n_ungraded: number;
};
const judgeOf = (stdout: string): Judge =>
  (JSON.parse(stdout) as { tasks: Array<{ usability: { judge: Judge } }> }).tasks[0]!.usability.judge;

describe("eval --judge with a scripted judge server", () => {
  let target: Awaited<ReturnType<typeof model>>;
  let baseline: Awaited<ReturnType<typeof model>>;
  beforeAll(async () => {
    target = await model("");
    baseline = await model("baseline ");
  });
  afterAll(async () => {
    await target?.close();
    await baseline?.close();
  });

  it("single grading: the mean and normal 95% CI of the graded answers; unparseable twice is ungraded; resume re-asks only it", async () => {
    const j = await judge((answer, retry) => {
      if (answer.endsWith("q1")) return '{"reason": "good", "score": 8}';
      // The last [[N]] is the rating, not the one quoted first.
      if (answer.endsWith("q2")) return "Rating: [[3]]. On reflection, Rating: [[6]]";
      if (answer.endsWith("q3")) return retry ? '{"score": 10}' : "I like it a lot";
      if (answer.endsWith("q4")) return '{"score": 4}';
      return "no verdict at all";
    });
    const out = join(dir, "single");
    const args = ["eval", "--target", target.url, "--task", data, "--judge", j.url, "--json", "--no-cache"];
    const r = await runCli([...args, "--out", out]);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const s = judgeOf(r.stdout);
    // Grades 8, 6, 10, 4: mean 7, sample SD √(20/3) = 2.5820, SE 1.2910, half-width 1.96·SE = 2.5303.
    expect(s.score.value).toBe(7);
    expect(s.score.n).toBe(4);
    expect(s.score.ci95[0]).toBeCloseTo(4.4697, 3);
    expect(s.score.ci95[1]).toBeCloseTo(9.5303, 3);
    expect(s.n_ungraded).toBe(1);
    // q3 and q5 needed a second ask: 2 of 5 first replies did not parse.
    expect(s.parse_failure_rate).toBe(0.4);
    expect(s.win_rate.value).toBeNull();
    const lines = readFileSync(join(out, "judge.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as JudgeLineOnDisk);
    const q2 = lines.find((l) => l.item_id === "q2");
    expect(q2?.calls[0]?.parsed).toBe(6);
    expect(q2?.calls[0]?.replies).toEqual(["Rating: [[3]]. On reflection, Rating: [[6]]"]);
    expect(q2?.calls[0]?.prompt[1]?.content).toContain("[Answer]\nanswer to q2\n");
    expect(lines.find((l) => l.item_id === "q5")?.status).toBe("ungraded");
    // Temperature 0 by default.
    expect((JSON.parse(j.requests[0]!.body) as { temperature: unknown }).temperature).toBe(0);

    const asked = j.requests.length;
    expect(asked).toBe(7);
    const again = await runCli(["eval", "--resume", out, "--judge", j.url, "--json", "--no-cache"]);
    // Another judge on resume would mix two judges' verdicts in one run: refused.
    const other = await runCli(["eval", "--resume", out, "--judge", "http://127.0.0.1:9/v1", "--no-cache"]);
    expect(other.code).not.toBe(0);
    expect(other.stderr).toMatch(/other --judge settings/);
    expect(again.code).toBe(0);
    // Only q5, still ungraded, is asked again (twice: the question and the retry).
    expect(j.requests.slice(asked).map((q) => /answer to (q\d)/.exec(q.body)?.[1])).toEqual(["q5", "q5"]);
    expect(judgeOf(again.stdout).score.value).toBe(7);
    await j.close();
  });

  it("pairwise: a judge that always prefers the first answer gets only ties, 100% inconsistent", async () => {
    const base = join(dir, "base");
    expect((await runCli(["eval", "--target", baseline.url, "--task", data, "--no-cache", "--out", base])).code).toBe(
      0,
    );
    const j = await judge(() => '{"reason": "A reads better", "winner": "A"}');
    const r = await runCli([
      "eval",
      "--target",
      target.url,
      "--task",
      data,
      "--no-cache",
      "--out",
      join(dir, "pair"),
      "--judge",
      j.url,
      "--judge-mode",
      "pairwise",
      "--baseline",
      base,
      "--json",
    ]);
    expect(r.code).toBe(0);
    const s = judgeOf(r.stdout);
    expect(s.inconsistency_rate).toBe(1);
    expect(s.tie_rate).toBe(1);
    expect(s.win_rate.value).toBe(0.5);
    expect(s.win_rate.n).toBe(5);
    // Both orders were asked: 5 items × 2.
    expect(j.requests.length).toBe(10);
    const shown = j.requests.map((q) => messagesOf(q.body)[1]!.content);
    expect(shown.filter((c) => /\[Answer A\]\nanswer to q1\n/.test(c))).toHaveLength(1);
    expect(shown.filter((c) => /\[Answer A\]\nbaseline answer to q1\n/.test(c))).toHaveLength(1);
    await j.close();

    const table = await runCli(["eval", "--resume", join(dir, "pair"), "--no-cache"]);
    // Every answer is graded: the resume asks the judge nothing (it is closed by now).
    expect(table.stdout).toMatch(/ungraded 0 of 5/);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/judge \(pairwise, 1 judge\)\n {2}win rate 0\.500/);
    expect(table.stdout).toMatch(/inconsistent in the swap 1\.000/);
    for (const line of table.stdout.split("\n").filter((l) => /judge|swap|ungraded/.test(l)))
      expect(line.length).toBeLessThanOrEqual(80);
    const html = join(dir, "pair.html");
    expect((await runCli(["report", join(dir, "pair"), "--html", html])).code).toBe(0);
    expect(readFileSync(html, "utf8")).toContain("<td>inconsistency rate</td><td>1.000</td>");
  });

  it("an unreachable judge leaves every answer ungraded and counted, never scored", async () => {
    const r = await runCli([
      "eval",
      "--target",
      target.url,
      "--task",
      data,
      "--no-cache",
      "--out",
      join(dir, "down"),
      "--judge",
      "http://127.0.0.1:9/v1",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const s = judgeOf(r.stdout);
    expect(s.n_ungraded).toBe(5);
    expect(s.score.value).toBeNull();
    expect(readFileSync(join(dir, "down", "judge.jsonl"), "utf8")).toMatch(
      /judge http:\/\/127\.0\.0\.1:9\/v1 unreachable/,
    );
  });

  it("a --judge-* flag without --judge is one clear line", async () => {
    const r = await runCli(["eval", "--target", target.url, "--task", data, "--judge-mode", "pairwise"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/need --judge TARGET/);
  });

  it("mt-bench, first turn, MT-Bench's own templates: reference-guided for math and reasoning; judged again from the cache", async () => {
    const MT = join(SHARED, "datasets", "mt_bench");
    const rows = readFileSync(join(MT, "mt_bench_question.jsonl"), "utf8")
      .trim()
      .split("\n")
      .filter((l) => /"question_id": (81|101|111),/.test(l));
    const questions = join(dir, "mt3.jsonl");
    writeFileSync(questions, rows.join("\n") + "\n");
    const shown: string[] = [];
    const j = await rawServer((_req, res, body) => {
      const msgs = messagesOf(body);
      shown.push(msgs[1]?.content ?? "");
      res.writeHead(200, { "content-type": "text/event-stream" });
      // MT-Bench's output format, with the format itself quoted first.
      res.end(chatSse('Output your rating as "[[rating]]", for example: "Rating: [[5]]". Rating: [[9]]'));
    });
    const cache = mkdtempSync(join(tmpdir(), "infermark-judge-cache-"));
    const args = (out: string): string[] => [
      "eval",
      "--target",
      target.url,
      "--task",
      "mt-bench",
      "--data",
      questions,
      "--out",
      join(dir, out),
      "--json",
      "--judge",
      j.url,
      "--judge-prompts",
      join(MT, "judge_prompts.jsonl"),
      "--judge-reference",
      join(MT, "mt_bench_reference_answer_gpt-4.jsonl"),
    ];
    const r = await runCli(args("mt1"), { INFERMARK_CACHE_DIR: cache });
    expect(r.code).toBe(0);
    expect(judgeOf(r.stdout).score).toMatchObject({ value: 9, n: 3 });
    expect(shown).toHaveLength(3);
    const refs = shown.filter((c) => c.includes("[The Start of Reference Answer]"));
    // Questions 101 (reasoning) and 111 (math) are graded against GPT-4's reference; 81 (writing) is not.
    expect(refs).toHaveLength(2);
    expect(shown.find((c) => c.includes("trip to Hawaii"))).not.toMatch(/Reference Answer/);
    expect(refs.some((c) => c.includes("If you have just overtaken the second person"))).toBe(true);

    const again = await runCli(args("mt2"), { INFERMARK_CACHE_DIR: cache });
    expect(again.code).toBe(0);
    const s = judgeOf(again.stdout);
    expect(s.score).toMatchObject({ value: 9, n: 3 });
    expect(s.judge_tokens).toMatchObject({ calls: 3, cached_calls: 3 });
    expect(shown).toHaveLength(3);
    await j.close();
  });

  it("a panel of two judges (comma list), each asked twice: the mean per answer, Cohen's κ, repeats as separate requests", async () => {
    // Judge 1 gives 8 to every answer; judge 2 gives 8 to q1..q3 and 4 to q4, q5.
    const j1 = await judge(() => '{"score": 8}');
    const j2 = await judge((answer) => (/q[45]$/.test(answer) ? '{"score": 4}' : '{"score": 8}'));
    const r = await runCli([
      "eval",
      "--target",
      target.url,
      "--task",
      data,
      "--out",
      join(dir, "panel"),
      "--json",
      "--judge",
      `${j1.url},${j2.url}`,
      "--judge-repeats",
      "2",
    ]);
    expect(r.code).toBe(0);
    const s = judgeOf(r.stdout);
    expect(s.judges).toBe(2);
    // Per answer (8+8)/2 three times and (8+4)/2 twice: (24 + 12) / 5 = 7.2.
    expect(s.score.value).toBeCloseTo(7.2, 12);
    // Judge 1 uses one grade, so p_e = 1·(3/5) = 0.6 and p_o = 0.6: κ = 0.
    expect(s.agreement).toMatchObject({ method: "cohen_kappa", value: 0, n: 5 });
    // Both repeats reached each judge although the cache is on: 5 answers × 2 repeats.
    expect(j1.requests).toHaveLength(10);
    expect(j2.requests).toHaveLength(10);
    expect(s.repeat_sd).toEqual({ value: 0, n: 10 });
    const body = JSON.parse(j1.requests[0]!.body) as { temperature: unknown; seed: unknown };
    expect(body).toMatchObject({ temperature: 0, seed: 0 });
    await j1.close();
    await j2.close();
  });

  it("a finished run is judged after the fact with --resume DIR --judge, and report shows the verdicts", async () => {
    const out = join(dir, "later");
    expect((await runCli(["eval", "--target", target.url, "--task", data, "--no-cache", "--out", out])).code).toBe(0);
    const j = await judge(() => '{"score": 8}');
    const r = await runCli(["eval", "--resume", out, "--judge", j.url, "--json", "--no-cache"]);
    expect(r.code).toBe(0);
    expect(judgeOf(r.stdout).score).toMatchObject({ value: 8, n: 5 });
    // No model request was sent again: only the judge was asked.
    expect(r.stderr).toMatch(/\(0 requests sent on resume\)/);
    expect(j.requests).toHaveLength(5);
    const report = await runCli(["report", out]);
    expect(report.stdout).toMatch(/judge \(single, helpfulness 1-10, 1 judge\)\n {2}score 8\.00/);
    await j.close();
  });
});
