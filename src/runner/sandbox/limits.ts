/** Limits of one program run. */
export interface SandboxLimits {
  /** Wall clock: the whole sandbox is killed at this point. */
  timeoutMs: number;
  /** Address space of each process (RLIMIT_AS). */
  memoryMb: number;
  /** Largest file a process may write (RLIMIT_FSIZE). */
  fileMb: number;
  /** Processes and threads in the sandbox, its init included (RLIMIT_NPROC; bubblewrap only, see harness.ts). */
  processes: number;
  /** Size of the sandbox's one writable place, its /tmp (bubblewrap only). */
  tmpMb: number;
  /** Bytes of stderr read; past this the pipe is closed and further writes fail. */
  stderrBytes: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  timeoutMs: 3000,
  memoryMb: 1024,
  fileMb: 10,
  processes: 16,
  tmpMb: 64,
  stderrBytes: 1024 * 1024,
};

/** CPU seconds per process: the wall clock plus a second, so a busy loop is stopped by either. */
export function cpuSeconds(limits: SandboxLimits): number {
  return Math.ceil(limits.timeoutMs / 1000) + 1;
}
