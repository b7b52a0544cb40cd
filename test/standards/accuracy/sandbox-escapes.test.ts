import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCodeJobs } from "../../../src/runner/code-eval.js";
import { detectIsolation, type Isolation } from "../../../src/runner/sandbox/isolation.js";
import { DEFAULT_LIMITS, type SandboxLimits } from "../../../src/runner/sandbox/limits.js";
import { runPython, type ExecResult } from "../../../src/runner/sandbox/run-python.js";
import type { CodeProblem } from "../../../src/standards/accuracy/code-program.js";
import { CLI } from "../../helpers/cli.js";
import { rawServer } from "../../helpers/raw-server.js";

// Hostile generated code, one escape per test, each run through the real sandbox. A program that
// gets out says ESCAPED on stderr and exits non-zero; one that is contained runs to its end (passed).

let isolation: Isolation;
const scratch = mkdtempSync(join(tmpdir(), "infermark-escapes-"));
// World-readable, so that only the sandbox (not file permissions: the sandbox runs as nobody when the tests run as root) keeps the code out.
chmodSync(scratch, 0o755);

/** A marker no other process on the machine has in its command line: `sleep MARKER` finds a daemon that got away. */
const marker = (): string =>
  `${4000 + Math.floor(Math.random() * 1000)}.${process.pid}${Math.floor(Math.random() * 1000)}`;
const markers: string[] = [];

function processesWith(arg: string): number[] {
  const pids: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/cmdline`, "latin1").split("\0").includes(arg)) pids.push(Number(d));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

const run = (program: string, limits: Partial<SandboxLimits> = {}): Promise<ExecResult> =>
  runPython(program, isolation, { ...DEFAULT_LIMITS, ...limits });

function expectContained(r: ExecResult): void {
  expect(r.detail).not.toContain("ESCAPED");
  expect(r.status).toBe("passed");
}

beforeAll(async () => {
  isolation = await detectIsolation({ unsafeExec: false });
});

afterAll(() => {
  // Had anything got out (the tests fail then), it does not outlive them.
  for (const m of markers) for (const pid of processesWith(m)) process.kill(pid, "SIGKILL");
  rmSync(scratch, { recursive: true, force: true });
});

describe("generated code in the sandbox cannot", () => {
  it("read /etc/shadow", async () => {
    const r = await run(`import sys
try:
    data = open("/etc/shadow").read()
except OSError as e:
    print("denied:", type(e).__name__, file=sys.stderr)
else:
    print("ESCAPED", data[:20], file=sys.stderr)
    sys.exit(3)
`);
    expectContained(r);
    expect(r.detail).toMatch(/denied: (FileNotFoundError|PermissionError)/);
  });

  it("read files in a home directory, or list /root, /home and the real home directory", async () => {
    const home = mkdtempSync(join(scratch, "home-"));
    chmodSync(home, 0o755);
    const secret = randomBytes(12).toString("hex");
    writeFileSync(join(home, "secret.txt"), secret, { mode: 0o644 });
    const r = await run(`import os, sys
found = []
try:
    found.append(open(${JSON.stringify(join(home, "secret.txt"))}).read())
except OSError:
    pass
for d in ("/root", "/home", ${JSON.stringify(homedir())}):
    try:
        found += [d + ":" + n for n in os.listdir(d)]
    except OSError:
        pass
if found:
    print("ESCAPED", found[:5], file=sys.stderr)
    sys.exit(3)
`);
    expectContained(r);
    expect(r.detail).not.toContain(secret);
  });

  it("write outside its temporary directory (its /tmp is writable)", async () => {
    const out = mkdtempSync(join(scratch, "out-"));
    chmodSync(out, 0o777);
    const target = join(out, "pwned");
    // access(W_OK) asks without writing, so a run without isolation does not write to the host's / or /usr.
    const r = await run(`import os, sys
open("/tmp/ok", "w").write("fine")
escaped = [p for p in ("/", "/usr", "/dev", "/dev/shm", os.path.dirname(sys.executable)) if os.access(p, os.W_OK)]
try:
    open(${JSON.stringify(target)}, "w").write("pwned")
    escaped.append(${JSON.stringify(target)})
except OSError:
    pass
if escaped:
    print("ESCAPED", escaped, file=sys.stderr)
    sys.exit(3)
`);
    expectContained(r);
    expect(existsSync(target)).toBe(false);
  });

  it("connect to a Unix socket the test listens on", async () => {
    const path = join(scratch, "test.sock");
    let connections = 0;
    const server: Server = createServer((s) => (connections++, s.destroy()));
    await new Promise<void>((r) => server.listen(path, r));
    chmodSync(path, 0o777);
    try {
      const r = await run(`import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    s.connect(${JSON.stringify(path)})
except OSError as e:
    print("refused:", type(e).__name__, file=sys.stderr)
else:
    print("ESCAPED", file=sys.stderr)
    sys.exit(3)
`);
      expectContained(r);
      expect(connections).toBe(0);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it("reach the network: a TCP server on 127.0.0.1", async () => {
    let connections = 0;
    const server: Server = createServer((s) => (connections++, s.destroy()));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    try {
      const r = await run(`import socket, sys
try:
    socket.create_connection(("127.0.0.1", ${port}), timeout=1).close()
except OSError as e:
    print("unreachable:", type(e).__name__, file=sys.stderr)
else:
    print("ESCAPED", file=sys.stderr)
    sys.exit(3)
`);
      expectContained(r);
      expect(connections).toBe(0);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it("send SIGTERM (or SIGKILL) to an unrelated process", async () => {
    const victim: ChildProcess = spawn("sleep", ["60"], { stdio: "ignore" });
    const pid = victim.pid;
    if (pid === undefined) throw new Error("sleep did not start");
    try {
      const r = await run(`import os, signal, sys
try:
    os.kill(${pid}, signal.SIGTERM)
    os.kill(${pid}, signal.SIGKILL)
except OSError as e:
    print("no such process:", type(e).__name__, file=sys.stderr)
else:
    print("ESCAPED", file=sys.stderr)
    sys.exit(3)
`);
      await new Promise((r) => setTimeout(r, 100));
      expectContained(r);
      expect(victim.exitCode).toBeNull();
      expect(victim.signalCode).toBeNull();
      expect(() => process.kill(pid, 0)).not.toThrow();
    } finally {
      victim.kill("SIGKILL");
    }
  });

  it("leave a setsid daemon running after the run", async () => {
    const m = marker();
    markers.push(m);
    const r = await run(`import os
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv("/bin/sleep", ["sleep", "${m}"])
    os._exit(0)
os.wait()
`);
    expect(r.status).toBe("passed");
    await new Promise((res) => setTimeout(res, 300));
    expect(processesWith(m)).toEqual([]);
  });

  it("hold eval past the timeout by keeping stderr open in a background process", async () => {
    const m = marker();
    markers.push(m);
    const t0 = performance.now();
    // The background sleep inherits stderr and outlives the program by far.
    const r = await run(`import subprocess
subprocess.Popen(["sleep", "${m}"], start_new_session=True)
`);
    const elapsed = performance.now() - t0;
    expect(r.status).toBe("passed");
    expect(elapsed).toBeLessThan(DEFAULT_LIMITS.timeoutMs + 2000);
    await new Promise((res) => setTimeout(res, 300));
    expect(processesWith(m)).toEqual([]);
  });

  it("fork without limit: process creation stops at the limit", async () => {
    // Bounded at 200, so that even a run without isolation cannot take down the machine.
    const r = await run(`import os, sys, time
n = 0
try:
    while n < 200:
        if os.fork() == 0:
            time.sleep(30)
            os._exit(0)
        n += 1
except OSError as e:
    print("fork refused after", n, type(e).__name__, file=sys.stderr)
if n >= 200:
    print("ESCAPED", n, file=sys.stderr)
    sys.exit(3)
`);
    expectContained(r);
    const forked = Number(/fork refused after (\d+)/.exec(r.detail)?.[1] ?? NaN);
    expect(forked).toBeLessThan(DEFAULT_LIMITS.processes);
  });

  it("hold eval with a fork bomb: it is killed at the timeout and eval returns", async () => {
    const limits = { timeoutMs: 1500 };
    const t0 = performance.now();
    // Every process keeps forking; at the limit each waits a little and tries again.
    const r = await run(
      `import os, time
while True:
    try:
        os.fork()
    except OSError:
        time.sleep(0.05)
`,
      limits,
    );
    expect(r.status).toBe("timeout");
    expect(performance.now() - t0).toBeLessThan(limits.timeoutMs + 2000);
  });
});

describe("a pass needs check() to run to its end", () => {
  const problem: CodeProblem = {
    prompt: "def answer():\n",
    test: "def check(candidate):\n    assert candidate() == 42\n",
    entry_point: "answer",
  };

  it("a wrong answer that exits with status 0 before the tests (sys.exit, os._exit, raise SystemExit) fails; the right answer passes", async () => {
    const outputs = [
      "    return 1\nimport sys\nsys.exit(0)\n",
      "    return 1\nimport os\nos._exit(0)\n",
      "    return 1\nraise SystemExit(0)\n",
      "    return 42\n",
    ];
    const results = await runCodeJobs(
      outputs.map((output) => ({ problem, output })),
      isolation,
    );
    expect(results.map((r) => r.status)).toEqual(["failed", "failed", "failed", "passed"]);
  });

  it("exiting with status 0 from inside check (before it returns) fails", async () => {
    const results = await runCodeJobs([{ problem, output: "    import os\n    os._exit(0)\n" }], isolation);
    expect(results[0]?.status).toBe("failed");
  });
});

describe("infermark eval with hostile code answers", () => {
  const key = `sk-infermark-test-${randomBytes(8).toString("hex")}`;
  const reversed = [...key].reverse().join("");
  let server: Awaited<ReturnType<typeof rawServer>>;
  // Each problem's answer attacks something; the server picks it by the function's name in the prompt.
  const answers: Record<string, string> = {
    // infermark's own process group: its parent's group (python's parent is infermark without isolation).
    killgroup:
      "def killgroup():\n    return 1\nimport os, signal\ntry:\n    os.killpg(os.getpgid(os.getppid()), signal.SIGKILL)\nexcept OSError:\n    pass",
    // The key: in its environment, or in any process's it can read (infermark's /proc/PID/environ).
    readkey: `def readkey():\n    return 1\nimport os, sys\nfound = [v for k, v in os.environ.items() if "KEY" in k]\nfor p in os.listdir("/proc"):\n    try:\n        env = open("/proc/%s/environ" % p, "rb").read().decode("latin1")\n    except OSError:\n        continue\n    found += [e.split("=", 1)[1] for e in env.split("\\0") if e.startswith("OPENAI_API_KEY=")]\nif found:\n    print("ESCAPED", found[0], found[0][::-1], file=sys.stderr)\n    sys.exit(3)`,
  };

  beforeAll(async () => {
    server = await rawServer((_req, res, body) => {
      const name = Object.keys(answers).find((n) => body.includes(`def ${n}(`)) ?? "killgroup";
      const content = `\`\`\`python\n${answers[name]}\n\`\`\`\n`;
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: "stop" }] })}\n\ndata: [DONE]\n\n`,
      );
    });
  });
  afterAll(() => server.close());

  it("cannot kill infermark's process group or read the API key from its environment; the run ends with its summary and the key is nowhere in the run directory", async () => {
    const dir = mkdtempSync(join(scratch, "eval-"));
    const problems = join(dir, "problems.jsonl");
    writeFileSync(
      problems,
      Object.keys(answers)
        .map(
          (n) =>
            JSON.stringify({
              task_id: `t/${n}`,
              prompt: `def ${n}():\n`,
              test: "def check(candidate):\n    assert candidate() == 1",
              entry_point: n,
            }) + "\n",
        )
        .join(""),
    );
    const out = join(dir, "run");
    // Its own process group, as a user's shell would give it: a kill of that group must not reach the test runner.
    const child = spawn(
      process.execPath,
      [CLI, "eval", "--target", server.url, "--task", "humaneval", "--data", problems, "--out", out, "--json"],
      {
        env: { ...process.env, CI: "true", OPENAI_API_KEY: key },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      },
    );
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", () => {});
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) =>
      child.on("close", (c, s) => r([c, s])),
    );
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(stdout).toContain('"tasks"');
    const executions = readFileSync(join(out, "executions.jsonl"), "utf8");
    const lines = executions
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { item_id: string; status: string; detail: string; isolation: string });
    expect(lines.find((l) => l.item_id === "t/readkey")?.status).toBe("passed");
    expect(lines.every((l) => l.isolation === "bwrap")).toBe(true);
    for (const f of readdirSync(out)) {
      const text = readFileSync(join(out, f), "utf8");
      expect(text).not.toContain(key);
      expect(text).not.toContain(reversed);
    }
  });
});
