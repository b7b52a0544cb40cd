/** One piece of the host's file system shown in the sandbox, read-only. */
export type Mount = { kind: "ro-bind"; path: string } | { kind: "symlink"; target: string; path: string };

/** What the sandbox is made of, as plain data. */
export interface BwrapPlan {
  /** The interpreter, its standard library and the shared libraries it loads; nothing else of the host. */
  mounts: Mount[];
  tmpBytes: number;
  /** The file descriptor bwrap copies the candidate program from, into /tmp/candidate.py. */
  programFd: number;
  /** What runs inside, in /tmp. */
  command: string[];
}

/** Where the candidate program is inside the sandbox. */
export const SANDBOX_PROGRAM = "/tmp/candidate.py";

/**
 * bubblewrap's command line for one run. Every namespace is new (mount, PID, network, IPC, UTS,
 * cgroup, and a user namespace that is required, not just tried, and that cannot make further ones);
 * the environment is empty but for PATH and HOME; the only writable place is a fresh tmpfs /tmp of
 * bounded size (root and /dev are remounted read-only); `--new-session` leaves no controlling
 * terminal to inject keystrokes into; `--die-with-parent` kills the sandbox if bwrap or infermark
 * dies, and killing bwrap ends the PID namespace and so every process in it.
 */
export function bwrapArgs(plan: BwrapPlan): string[] {
  const mounts = plan.mounts.flatMap((m) =>
    m.kind === "ro-bind" ? ["--ro-bind", m.path, m.path] : ["--symlink", m.target, m.path],
  );
  return [
    "--unshare-all",
    "--unshare-user",
    "--disable-userns",
    "--die-with-parent",
    "--new-session",
    "--cap-drop",
    "ALL",
    "--clearenv",
    "--setenv",
    "PATH",
    "/usr/bin:/bin",
    "--setenv",
    "HOME",
    "/tmp",
    "--hostname",
    "sandbox",
    ...mounts,
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--size",
    String(plan.tmpBytes),
    "--tmpfs",
    "/tmp",
    "--file",
    String(plan.programFd),
    SANDBOX_PROGRAM,
    "--remount-ro",
    "/dev",
    "--remount-ro",
    "/",
    "--chdir",
    "/tmp",
    "--",
    ...plan.command,
  ];
}
