/**
 * Process lifetime helpers shared by both hosts (no electron import): a host started by
 * `npm start` (scripts/start.mjs sets CWB_PARENT_PID) never outlives its launcher.
 */

/**
 * Stop when the launching process (`npm start`'s scripts/start.mjs, which sets
 * CWB_PARENT_PID) is gone, however it died: the host never outlives it.
 */
export function watchParent(pidText: string | undefined, stop: () => void, everyMs = 500): (() => void) | undefined {
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 1) return undefined;
  // A direct parent that dies hands us to another process at once (even while it is unreaped).
  const direct = process.ppid === pid;
  const timer = setInterval(() => {
    if ((direct && process.ppid !== pid) || !processAlive(pid)) {
      clearInterval(timer);
      stop();
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** True while process `pid` exists (signal 0 probes without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
