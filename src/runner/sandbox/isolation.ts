import { spawnSync } from "node:child_process";
import { accessSync, constants, lstatSync, readlinkSync, statSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../../errors.js";
import type { Mount } from "./bwrap-args.js";
import { cpuSeconds, type SandboxLimits } from "./limits.js";
import { runPython } from "./run-python.js";

/** The interpreter that runs generated code. */
export interface PythonInfo {
  executable: string;
  version: string;
  /** sys.prefix and friends: where its standard library lives. */
  prefixes: string[];
}

/** How generated code is contained, as plain data: what run.json records and runPython needs. */
export type Isolation =
  | {
      kind: "bwrap";
      python: PythonInfo;
      bwrap: string;
      bwrapVersion: string;
      mounts: Mount[];
      /** The uid bwrap is started as: root starts it as nobody, so the sandbox is not uid 0 outside and RLIMIT_NPROC applies. */
      uid: number | null;
    }
  | {
      kind: "none";
      python: PythonInfo;
      /** `unshare -rn` (no network) where this machine allows it, else nothing. */
      prefix: string[];
    };

export type IsolationKind = Isolation["kind"];

/** The unprivileged uid (and gid) the sandbox runs as when infermark runs as root. */
export const NOBODY = 65534;

const DESCRIBE = `import json, sys
print(json.dumps({"executable": sys.executable, "version": "%d.%d.%d" % sys.version_info[:3],
  "prefixes": sorted({sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix})}))`;

/** Asks an interpreter where it lives (version-manager shims resolve to the real executable). */
function describePython(command: string): PythonInfo | null {
  const r = spawnSync(command, ["-I", "-c", DESCRIBE], { encoding: "utf8", timeout: 10_000 });
  if (r.status !== 0) return null;
  try {
    return JSON.parse(r.stdout) as PythonInfo;
  } catch {
    return null;
  }
}

/** The python3 on PATH, then the system's: root's sandbox runs as nobody, who cannot reach an interpreter under /root. */
function pythonCandidates(): PythonInfo[] {
  const seen = new Set<string>();
  const out: PythonInfo[] = [];
  for (const command of ["python3", "/usr/bin/python3"]) {
    const info = describePython(command);
    if (!info || seen.has(info.executable)) continue;
    seen.add(info.executable);
    out.push(info);
  }
  return out;
}

const within = (path: string, dir: string): boolean =>
  path === dir || path.startsWith(dir.endsWith("/") ? dir : `${dir}/`);

/**
 * The host paths the sandbox sees, read-only: /usr (the loader, libc, and a system python's
 * standard library), the top-level links or folders a merged-/usr system points into it, and the
 * interpreter's own prefix when it lives elsewhere (pyenv, a venv). No /etc, /home, /root, /var.
 */
export function sandboxMounts(python: PythonInfo): Mount[] {
  const mounts: Mount[] = [{ kind: "ro-bind", path: "/usr" }];
  for (const path of ["/bin", "/lib", "/lib64", "/lib32", "/libx32"]) {
    try {
      const st = lstatSync(path);
      if (st.isSymbolicLink()) mounts.push({ kind: "symlink", target: readlinkSync(path), path });
      else if (st.isDirectory()) mounts.push({ kind: "ro-bind", path });
    } catch {
      // Not on this system.
    }
  }
  const dirs = [...python.prefixes, python.executable.slice(0, python.executable.lastIndexOf("/"))];
  for (const dir of dirs) {
    if (!dir.startsWith("/") || mounts.some((m) => m.kind === "ro-bind" && within(dir, m.path))) continue;
    mounts.push({ kind: "ro-bind", path: dir });
  }
  return mounts;
}

/** `unshare -rn` when this machine allows user namespaces: no network, the one thing it gives. */
function networkOnly(): string[] {
  const probe = spawnSync("unshare", ["-rn", "true"], { stdio: "ignore" });
  return probe.status === 0 ? ["unshare", "-rn"] : [];
}

/** A command's absolute path, looked up on PATH (bwrap is then started with an empty environment). */
function onPath(command: string): string | null {
  const dirs = command.includes("/") ? [""] : (process.env.PATH ?? "/usr/bin:/bin").split(":").filter(Boolean);
  for (const dir of dirs) {
    const path = dir ? join(dir, command) : command;
    try {
      accessSync(path, constants.X_OK);
      if (statSync(path).isFile()) return path;
    } catch {
      // Not here.
    }
  }
  return null;
}

function bwrapVersion(bwrap: string): string | null {
  const r = spawnSync(bwrap, ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Options of detection: whether the user opted out of isolation, and which bwrap to try. */
export interface DetectOptions {
  unsafeExec: boolean;
  bwrap?: string;
}

const OPT_IN = "or pass --unsafe-exec to run it without isolation (best-effort limits only)";

/**
 * The isolation generated code will run under, found by running a trivial program through it (a
 * sandbox that cannot start is found before any request is sent). Without bubblewrap, or where it
 * cannot create its namespaces, this refuses with one line saying why and how to opt in; it never
 * falls back by itself.
 */
export async function detectIsolation(opts: DetectOptions): Promise<Isolation> {
  const pythons = pythonCandidates();
  const first = pythons[0];
  if (!first) throw new UserError("code tasks need python3: none was found on PATH or at /usr/bin/python3");
  if (opts.unsafeExec) return { kind: "none", python: first, prefix: networkOnly() };
  const bwrap = onPath(opts.bwrap ?? "bwrap");
  const version = bwrap === null ? null : bwrapVersion(bwrap);
  if (bwrap === null || version === null)
    throw new UserError(
      `code tasks run model-written code in a bubblewrap sandbox, and ${opts.bwrap ?? "bwrap"} was not found or does not run: install it (apt-get install bubblewrap), ${OPT_IN}`,
    );
  const uid = process.getuid?.() === 0 ? NOBODY : null;
  let why = "";
  for (const python of pythons) {
    const isolation: Isolation = {
      kind: "bwrap",
      python,
      bwrap,
      bwrapVersion: version,
      mounts: sandboxMounts(python),
      uid,
    };
    const probe = await runPython("pass\n", isolation);
    if (probe.status === "passed") return isolation;
    why ||= `${python.executable}: ${probe.detail.split("\n").pop() || probe.status}`;
  }
  throw new UserError(
    `code tasks run model-written code in a bubblewrap sandbox, which does not start here (${why}): allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1 or an AppArmor profile for bwrap), ${OPT_IN}`,
  );
}

/** An isolation as run.json records it: what contained the code, the interpreter, and the limits. */
export function describeIsolation(isolation: Isolation, limits: SandboxLimits): Record<string, unknown> {
  const python = { python: isolation.python.executable, python_version: isolation.python.version };
  const common = {
    timeout_ms: limits.timeoutMs,
    memory_mb: limits.memoryMb,
    cpu_s: cpuSeconds(limits),
    file_mb: limits.fileMb,
    stderr_bytes: limits.stderrBytes,
  };
  if (isolation.kind === "none")
    return { isolation: "none", ...python, network_namespace: isolation.prefix.length > 0, limits: common };
  return {
    isolation: "bwrap",
    bwrap: isolation.bwrapVersion,
    ...python,
    uid: isolation.uid ?? process.getuid?.() ?? null,
    read_only: isolation.mounts.map((m) => (m.kind === "ro-bind" ? m.path : `${m.path} -> ${m.target}`)),
    limits: { ...common, processes: limits.processes, tmp_mb: limits.tmpMb },
  };
}
