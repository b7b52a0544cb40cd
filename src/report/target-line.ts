/**
 * The line that says what was measured, from a run's target fingerprint: the server and model, the
 * importing tool, or the model file and engine settings. Bench and eval output both open with it.
 */
export function targetLine(t: Record<string, unknown>): string {
  const what =
    t.kind === "openai"
      ? `${String(t.base_url)} model ${String(t.model)}`
      : t.kind === "imported"
        ? `from ${String(t.tool)} (model ${String(t.model)})`
        : `${String(t.model_path)} (threads ${String(t.threads)}, parallel ${String(t.parallel)})`;
  return `target: ${String(t.kind)} ${what}`;
}
