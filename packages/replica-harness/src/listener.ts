import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The process group of a process, from /proc/<pid>/stat (Linux). */
export function processGroupOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[2]);
}

/**
 * The id of the process listening on the TCP port, as `ss` reports it; the backend
 * itself, not the `yarn` or CLI processes of its group that started it.
 */
export function listeningPid(port: number): number {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], {
    encoding: 'utf8',
  });
  const pids = new Set([...out.matchAll(/pid=(\d+)/g)].map(m => Number(m[1])));
  if (pids.size !== 1) {
    throw new Error(
      `expected one process listening on port ${port}, ss says: ${out.trim()}`,
    );
  }
  return [...pids][0];
}
