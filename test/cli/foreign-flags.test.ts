import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { FOREIGN_FLAGS, foreignSuggestion, translateArgs } from "../../src/cli/foreign-flags.js";

// The rewriting of a command line before commander reads it, as plain data in and out.

const refusal = (args: string[]): string => {
  try {
    translateArgs(args);
  } catch (e) {
    if (e instanceof UserError) return e.message;
  }
  return "accepted";
};

describe("translateArgs", () => {
  it("renames aliases in both --flag value and --flag=value forms, and leaves everything else as typed", () => {
    expect(translateArgs(["bench", "--num-prompts", "5", "--dataset-path=a.json", "--seed", "3"])).toEqual([
      "bench",
      "--requests",
      "5",
      "--data",
      "a.json",
      "--seed",
      "3",
    ]);
    expect(translateArgs(["eval", "--num_fewshot=2", "--tasks", "gsm8k"])).toEqual([
      "eval",
      "--fewshot",
      "2",
      "--task",
      "gsm8k",
    ]);
  });

  it("a flag of one command is not rewritten in another, nor after --", () => {
    expect(translateArgs(["score", "--num-prompts", "5"])).toEqual(["score", "--num-prompts", "5"]);
    expect(translateArgs(["bench", "--", "--num-prompts"])).toEqual(["bench", "--", "--num-prompts"]);
  });

  it("--request-rate inf becomes no rate at all (INF in any case); a number becomes --rate", () => {
    expect(translateArgs(["bench", "--request-rate", "inf", "--max-concurrency", "4"])).toEqual([
      "bench",
      "--max-concurrency",
      "4",
    ]);
    expect(translateArgs(["bench", "--request-rate=INF"])).toEqual(["bench"]);
    expect(translateArgs(["bench", "--request-rate", "2.5"])).toEqual(["bench", "--rate", "2.5"]);
  });

  it("--dataset-name: random with a file, sharegpt without one, and an unknown name are refused", () => {
    expect(translateArgs(["bench", "--dataset-name", "sharegpt", "--dataset-path", "s.json"])).toEqual([
      "bench",
      "--data",
      "s.json",
    ]);
    expect(refusal(["bench", "--dataset-name", "random", "--data", "x.jsonl"])).toMatch(/drop --data/);
    expect(refusal(["bench", "--dataset-name", "sonnet"])).toMatch(/sharegpt .* or random/);
    expect(refusal(["eval", "--tasks", "gsm8k,mmlu"])).toMatch(/one task per run/);
  });

  it("--api-key is refused in both forms, without repeating the key", () => {
    for (const args of [
      ["bench", "--api-key", "sk-abcdef"],
      ["eval", "--api-key=sk-abcdef"],
    ]) {
      const message = refusal(args);
      expect(message).toMatch(/^--api-key is refused: .*--api-key-env NAME/);
      expect(message).not.toContain("sk-abcdef");
    }
  });

  it("a missing value is said, naming the infermark flag", () => {
    expect(refusal(["bench", "--num-prompts"])).toBe("--num-prompts needs a value (it is --requests here)");
  });
});

describe("foreignSuggestion", () => {
  it("names the table flag a typo is closest to, and nothing for a word far from all", () => {
    expect(foreignSuggestion("bench", "--num-promts")).toBe("did you mean --num-prompts (vLLM: --requests)?");
    expect(foreignSuggestion("eval", "--num_fewshots")).toBe("did you mean --num_fewshot (lm-eval: --fewshot)?");
    expect(foreignSuggestion("bench", "--colour")).toBeNull();
  });

  it("each table entry names an infermark flag and a reason, once per command", () => {
    const seen = new Set<string>();
    for (const f of FOREIGN_FLAGS) {
      expect(f.use, f.flag).toMatch(/--[a-z]/);
      expect(f.why.length, f.flag).toBeGreaterThan(5);
      for (const c of f.commands) {
        expect(seen.has(`${c} ${f.flag}`), `${c} ${f.flag}`).toBe(false);
        seen.add(`${c} ${f.flag}`);
      }
    }
  });
});
