/** Starts dispatch-only Strapi processes on the current test database and runs them together. */
import { spawn, type ChildProcess } from 'child_process';
import path from 'path';
import readline from 'readline';
import { repoRoot } from './paths';

export interface WorkerResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  ticks: number;
  ms: number;
  instance: string;
}

export async function runDispatchWorkers(count: number, env: Record<string, string | undefined> = process.env): Promise<WorkerResult[]> {
  return runWorkers<WorkerResult>(count, env);
}

/**
 * Billing-only workers (WORKER_TASK=bill): each runs billing passes for
 * `practice` back to back while `during` runs, then one last pass.
 */
export async function runBillingWorkers(
  count: number,
  practice: string,
  during: () => Promise<void>,
  env: Record<string, string> = {},
): Promise<{ passes: number; charged: number; invoices: number }[]> {
  return runWorkers(count, { ...process.env, ...env, WORKER_TASK: 'bill', WORKER_PRACTICE: practice }, during);
}

async function runWorkers<T>(count: number, env: Record<string, string | undefined>, during?: () => Promise<void>): Promise<T[]> {
  const script = path.join(repoRoot, 'scripts', 'lib', 'dispatch-worker.js');
  const children: ChildProcess[] = [];
  const lines: Promise<string>[][] = [];
  for (let n = 0; n < count; n += 1) {
    const child = spawn(process.execPath, [script], { env: { ...env, JEST_WORKER_ID: `w${n}` }, stdio: ['pipe', 'pipe', 'inherit'] });
    children.push(child);
    const reader = readline.createInterface({ input: child.stdout! });
    const queue: string[] = [];
    const waiters: ((line: string) => void)[] = [];
    reader.on('line', (line) => (waiters.length ? waiters.shift()!(line) : queue.push(line)));
    const nextLine = () =>
      new Promise<string>((resolve, reject) => {
        if (queue.length) return resolve(queue.shift()!);
        waiters.push(resolve);
        child.once('exit', (code) => reject(new Error(`worker ${n} exited with ${code}`)));
      });
    lines.push([nextLine(), nextLine()]);
  }
  try {
    await Promise.all(lines.map(([ready]) => ready));
    for (const child of children) child.stdin!.write('go\n');
    if (during) {
      await during();
      for (const child of children) child.stdin!.write('stop\n');
    }
    const results = await Promise.all(lines.map(([, done]) => done));
    return results.map((line) => JSON.parse(line) as T);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  }
}
