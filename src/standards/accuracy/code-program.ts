/** A HumanEval-style problem: the function's signature and docstring, its tests, and the function's name. */
export interface CodeProblem {
  prompt: string;
  test: string;
  entry_point: string;
}

/**
 * The code a model's output contributes: the first fenced block if there is one, else the whole
 * output. A chat model that writes the whole function gets it appended after the prompt as a new
 * top-level definition, which replaces the prompt's stub; the stub is closed with `pass` first, since
 * a prompt may end at the signature with no body at all. A completion that continues the body is
 * appended as is.
 */
export function completionFrom(output: string, entryPoint: string): string {
  const fence = /```(?:python|py)?[^\n]*\n([\s\S]*?)```/.exec(output);
  const code = fence ? fence[1]! : output;
  return new RegExp(`^\\s*def\\s+${entryPoint}\\s*\\(`, "m").test(code) ? `    pass\n\n${code}` : code;
}

/** The program human-eval runs: prompt + completion + tests + `check(entry_point)`. */
export function programFor(problem: CodeProblem, completion: string): string {
  return `${problem.prompt}${completion}\n\n${problem.test}\n\ncheck(${problem.entry_point})\n`;
}
