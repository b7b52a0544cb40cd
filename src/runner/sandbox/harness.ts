/** What the harness needs to know; the nonce is not among it (it arrives on stdin). */
export interface HarnessLimits {
  memoryBytes: number;
  cpuSeconds: number;
  fileBytes: number;
  /** RLIMIT_NPROC, or null to leave it alone (see below). */
  processes: number | null;
}

/** Length of the nonce infermark writes to the harness's stdin (hex characters). */
export const NONCE_CHARS = 32;

/** The file descriptor the harness proves completion on: the nonce, written after the program returns. */
export const PROOF_FD = 3;

/**
 * The Python program that runs a candidate (argv[1]) as __main__, and proves it ran to its end.
 *
 * Exit status 0 is no proof: `sys.exit(0)` or `os._exit(0)` before `check()` also exit 0. So
 * infermark writes a fresh random nonce to stdin; the harness reads it before any candidate code
 * runs, points stdin at /dev/null (input() still sees EOF), and writes the nonce to PROOF_FD only
 * after the candidate module, whose last line is `check(entry_point)`, has returned. The nonce is in
 * no file, argv or environment variable, only in a closure cell of this process. Code in the same
 * interpreter can still find it (frame and gc introspection, /proc/self/mem): this stops programs
 * that end early, not programs written to forge a pass, which could as well rewrite the tests'
 * helpers. docs/eval.md, "Code sandbox", says so.
 *
 * RLIMIT_NPROC counts the processes of the caller's real uid, per user namespace (Linux 5.14+), and
 * never applies to uid 0. It is only set under bubblewrap, where the sandbox has a fresh user
 * namespace and a non-root uid, so it counts the sandbox's own processes; without isolation it
 * would count every process of the user running infermark (or nothing, as root).
 */
export function harnessSource(l: HarnessLimits): string {
  const limits: Array<[string, number]> = [
    ["RLIMIT_AS", l.memoryBytes],
    ["RLIMIT_CPU", l.cpuSeconds],
    ["RLIMIT_FSIZE", l.fileBytes],
    ["RLIMIT_CORE", 0],
    ...(l.processes !== null ? [["RLIMIT_NPROC", l.processes] as [string, number]] : []),
  ];
  return `import os, resource, sys

def _arm():
    for name, value in ${JSON.stringify(limits)}:
        resource.setrlimit(getattr(resource, name), (value, value))
    nonce = b""
    while len(nonce) < ${NONCE_CHARS}:
        chunk = os.read(0, ${NONCE_CHARS} - len(nonce))
        if not chunk:
            break
        nonce += chunk
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.set_inheritable(${PROOF_FD}, False)
    os.closerange(${PROOF_FD + 1}, 256)

    def prove():
        os.write(${PROOF_FD}, nonce)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        # At once: atexit handlers and leftover threads cannot change a verdict already proven.
        os._exit(0)

    return prove

_prove = _arm()
del _arm
_path = sys.argv[1]
sys.argv = [_path]
import runpy
runpy.run_path(_path, run_name="__main__")
_prove()
`;
}
