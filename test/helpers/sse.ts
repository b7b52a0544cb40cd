/** One chat answer as an OpenAI-style SSE stream: optionally a role-only delta first, then the text, the finish, [DONE]. */
export function chatSse(text: string, opts: { roleFirst?: boolean } = {}): string {
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  return (
    (opts.roleFirst ? chunk({ role: "assistant" }, null) : "") +
    chunk({ content: text }, null) +
    chunk({}, "stop") +
    "data: [DONE]\n\n"
  );
}
