import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { bwrapArgs, SANDBOX_PROGRAM } from "./bwrap-args.js";
import { harnessSource, NONCE_CHARS, PROOF_FD } from "./harness.js";
import type { Isolation, IsolationKind } from "./isolation.js";
import { cpuSeconds, DEFAULT_LIMITS, type SandboxLimits } from "./limits.js";

/** How one program run ended. */
export interface ExecResult {
  /** passed: the program ran to its end (the harness's nonce came back); timeout: killed at the wall clock. */
  status: "passed" | "failed" | "timeout";
  /** The last lines of stderr (failures), for the verdict. */
  detail: string;
  ms: number;
  /** The isolation the program ran under. */
  isolation: IsolationKind;
}

/** The file descriptor bwrap reads the program from (after stdin, stdout, stderr and the proof). */
const PROGRAM_FD = PROOF_FD + 1;

/** Stderr kept for the verdict's detail. */
const STDERR_TAIL = 8192;

/** Longest verdict detail: the last three lines of stderr, cut to this. */
const DETAIL_CHARS = 1000;

/** After the sandbox exits, how long its pipes may take to drain; a leftover process holding them (no PID namespace) does not hold eval longer. */
const DRAIN_MS = 250;

/** A spawned process: what to run and how, as plain data. */
interface Launch {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  uid: number | null;
  /** The program on its own pipe (bwrap copies it into the sandbox) or already written into `cwd`. */
  programOnPipe: boolean;
  cleanup: () => void;
}

function launchFor(program: string, isolation: Isolation, limits: SandboxLimits): Launch {
  const harness = harnessSource({
    memoryBytes: limits.memoryMb * 1024 * 1024,
    cpuSeconds: cpuSeconds(limits),
    fileBytes: limits.fileMb * 1024 * 1024,
    processes: isolation.kind === "bwrap" ? limits.processes : null,
  });
  const python = [isolation.python.executable, "-I", "-B", "-c", harness];
  const PATH = process.env.PATH ?? "/usr/bin:/bin";
  if (isolation.kind === "bwrap") {
    const args = bwrapArgs({
      mounts: isolation.mounts,
      tmpBytes: limits.tmpMb * 1024 * 1024,
      programFd: PROGRAM_FD,
      command: [...python, SANDBOX_PROGRAM],
    });
    // bwrap's own environment shows in the sandbox as its init's /proc/1/environ: it gets none.
    return {
      file: isolation.bwrap,
      args,
      cwd: "/",
      env: {},
      uid: isolation.uid,
      programOnPipe: true,
      cleanup: () => {},
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "infermark-sandbox-"));
  writeFileSync(join(dir, "candidate.py"), program);
  const [wrap, ...wrapArgs] = isolation.prefix;
  const [file, args] =
    wrap === undefined
      ? [isolation.python.executable, [...python.slice(1), "candidate.py"]]
      : [wrap, [...wrapArgs, ...python, "candidate.py"]];
  return {
    file,
    args,
    cwd: dir,
    env: { PATH, HOME: dir },
    uid: null,
    programOnPipe: false,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function readable(child: ChildProcess, fd: number): Readable {
  const s = child.stdio[fd];
  if (!(s instanceof Readable)) throw new Error(`sandbox: fd ${fd} is not a pipe`);
  return s;
}

function writable(child: ChildProcess, fd: number): Writable {
  const s = child.stdio[fd];
  if (!(s instanceof Writable)) throw new Error(`sandbox: fd ${fd} is not a pipe`);
  return s;
}

/** Sends to the process group (the wrapper leads its own); a group already gone is fine. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}

/**
 * Runs a Python program in a subprocess, never in infermark's own process, under the given
 * isolation: bubblewrap (see bwrap-args.ts) or, when the user opted out, python alone with
 * best-effort limits. A pass needs the harness's nonce back (see harness.ts), not exit status 0.
 * At the timeout the wrapper's process group is killed (under bubblewrap that ends the PID
 * namespace); the result comes when the wrapper exits, not when its pipes close, so a background
 * process holding stderr cannot hold eval.
 */
export function runPython(
  program: string,
  isolation: Isolation,
  limits: SandboxLimits = DEFAULT_LIMITS,
): Promise<ExecResult> {
  const launch = launchFor(program, isolation, limits);
  const nonce = randomBytes(NONCE_CHARS / 2).toString("hex");
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(launch.file, launch.args, {
      cwd: launch.cwd,
      env: launch.env,
      stdio: ["pipe", "ignore", "pipe", "pipe", ...(launch.programOnPipe ? (["pipe"] as const) : [])],
      // Its own process group, so the timeout kills what it started and a signal to its group misses infermark.
      detached: true,
      ...(launch.uid !== null ? { uid: launch.uid, gid: launch.uid } : {}),
    });
    let stderr = Buffer.alloc(0);
    let stderrRead = 0;
    let proofTail = "";
    let proven = false;
    let timedOut = false;
    let settled = false;
    let drain: NodeJS.Timeout | undefined;

    const err = readable(child, 2);
    const proof = readable(child, PROOF_FD);
    const nonceIn = writable(child, 0);
    const programIn = launch.programOnPipe ? writable(child, PROGRAM_FD) : null;
    const pipes = [err, proof, nonceIn, ...(programIn ? [programIn] : [])];
    // A wrapper that dies before reading its input (bwrap refusing to start) must not crash infermark with EPIPE.
    for (const s of pipes) s.on("error", () => {});
    nonceIn.end(nonce);
    programIn?.end(program);

    err.on("data", (d: Buffer) => {
      stderrRead += d.length;
      stderr = Buffer.concat([stderr, d]);
      if (stderr.length > STDERR_TAIL) stderr = stderr.subarray(stderr.length - STDERR_TAIL);
      // Past the cap the pipe is closed: the program's next write fails instead of infermark reading without end.
      if (stderrRead >= limits.stderrBytes) err.destroy();
    });
    proof.on("data", (d: Buffer) => {
      // Only the nonce proves anything; whatever the program writes here itself is kept to a short tail.
      proofTail = (proofTail + d.toString("latin1")).slice(-2 * NONCE_CHARS);
      if (proofTail.includes(nonce)) proven = true;
    });

    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, limits.timeoutMs);

    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(drain);
      for (const s of pipes) s.destroy();
      launch.cleanup();
      const detail = stderr.toString("utf8").trim().split("\n").slice(-3).join("\n").slice(-DETAIL_CHARS);
      resolve({
        status: proven ? "passed" : timedOut ? "timeout" : "failed",
        detail,
        ms: performance.now() - t0,
        isolation: isolation.kind,
      });
    };
    child.on("error", (e) => {
      stderr = Buffer.concat([stderr, Buffer.from(`\n${e.message}`)]);
      finish();
    });
    child.on("exit", () => {
      // Without a PID namespace, whatever the program left in its group dies with it (under bubblewrap it is already gone).
      if (isolation.kind === "none") killGroup(child);
      drain = setTimeout(finish, DRAIN_MS);
    });
    child.on("close", finish);
  });
}
