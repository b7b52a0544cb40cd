import { PROFILES, profileNamed } from "../decide/profiles.js";

/** A commented starter eval.yaml for `infermark init`: it runs as written, on the bundled model and one local server. */
export function starterConfig(preset = "chatbot"): string {
  const p = profileNamed(preset);
  return `# infermark run config (docs/run.md). Run it with: npx infermark run eval.yaml --out runs/choose
# \${VAR} reads an environment variable, \${VAR:-default} gives a default; keys are never written back.

# What the application needs: a preset (${Object.keys(PROFILES).join(", ")})
# or your own gates and weights, e.g.
#   profile: { extends: ${p.name}, gates: ["ttft.p95 <= 500 ms", "accuracy >= 0.7"] }
profile: ${p.name}
# ${p.description}.
# Its gates: ${p.gates.map((g) => g.text).join("; ") || "none"}.

# Who answers: each candidate is a target with its decoding settings.
candidates:
  - name: bundled
    target: default                # the bundled stories260K model, offline (or llama:PATH.gguf)
    params: { temperature: 0 }
  - name: server
    target: \${INFERMARK_TARGET:-http://127.0.0.1:8000/v1}
    # api_key: \${OPENAI_API_KEY}
    # pricing: { usd_per_hour: 1.20 }                      # self-hosted
    # pricing: { input_per_million: 3, output_per_million: 15 }  # hosted

# Accuracy (and, through the perturbations, robustness): tasks to evaluate.
tasks:
  # GSM8K's test split as JSONL (test.jsonl of github.com/openai/grade-school-math), a local file:
  # set GSM8K_DATA or write its path here.
  - task: gsm8k
    data: \${GSM8K_DATA:-data/gsm8k/test.jsonl}
    limit: 20

# Robustness: each item also runs under each perturbation (docs/robustness.md).
perturb: [typo:0.1, lowercase]

# Usability checks on every answer (docs/usability.md).
usability: [repetition]

# Efficiency: load levels, closed loop.
load:
  concurrency: [1, 4]
  requests: 50
  input_tokens: 128
  output_tokens: 64
`;
}
