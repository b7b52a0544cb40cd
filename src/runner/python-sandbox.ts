import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** How one program run ended. */
export interface ExecResult {
  status: "passed" | "failed" | "timeout";
  /** The last lines of stderr (failures), for the verdict. */
  detail: string;
  ms: number;
}

/** Limits of one run. */
export interface SandboxOptions {
  timeoutMs: number;
  memoryMb: number;
}

// Sets limits, then runs the candidate as __main__ in its own empty directory.
const HARNESS = (o: SandboxOptions): string => `import resource, runpy, sys
mem = ${o.memoryMb} * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
cpu = ${Math.ceil(o.timeoutMs / 1000) + 1}
resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
resource.setrlimit(resource.RLIMIT_FSIZE, (10 * 1024 * 1024, 10 * 1024 * 1024))
sys.argv = ["candidate.py"]
runpy.run_path("candidate.py", run_name="__main__")
`;

let isolation: string[] | null = null;
let python: string | null = null;

/** The real python3 executable (version-manager shims add a second of startup to every run). */
function pythonPath(): string {
  if (python) return python;
  const r = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" });
  python = r.status === 0 && r.stdout.trim() ? r.stdout.trim() : "python3";
  return python;
}

/** `unshare -rn` (no network) when this machine allows user namespaces, else nothing. */
export function networkIsolation(): string[] {
  if (isolation) return isolation;
  const probe = spawnSync("unshare", ["-rn", "true"], { stdio: "ignore" });
  isolation = probe.status === 0 ? ["unshare", "-rn"] : [];
  return isolation;
}

/**
 * Runs a Python program in a subprocess, never in infermark's own process: python3 in isolated
 * mode (-I), its own temporary directory, no stdin, an empty environment, address-space, CPU-time
 * and file-size limits, no network where the OS allows it, and its whole process group killed at
 * the timeout. Exit status 0 is a pass.
 */
export function runPython(program: string, opts: SandboxOptions = { timeoutMs: 3000, memoryMb: 1024 }): Promise<ExecResult> {
  const dir = mkdtempSync(join(tmpdir(), "infermark-sandbox-"));
  writeFileSync(join(dir, "candidate.py"), program);
  writeFileSync(join(dir, "harness.py"), HARNESS(opts));
  const [wrap, ...wrapArgs] = [...networkIsolation(), pythonPath(), "-I", "harness.py"];
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(wrap, wrapArgs, { cwd: dir, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, PYTHONDONTWRITEBYTECODE: "1" }, stdio: ["ignore", "ignore", "pipe"], detached: true });
    let stderr = "";
    let timedOut = false;
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 8192) stderr += d.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, opts.timeoutMs);
    const finish = (code: number | null): void => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      const ms = performance.now() - t0;
      const detail = stderr.trim().split("\n").slice(-3).join("\n");
      resolve({ status: timedOut ? "timeout" : code === 0 ? "passed" : "failed", detail, ms });
    };
    child.on("error", (err) => {
      stderr += String(err.message);
      finish(null);
    });
    child.on("close", finish);
  });
}
