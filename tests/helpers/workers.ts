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

export async function runDispatchWorkers(
  count: number,
  env: Record<string, string | undefined> = process.env
): Promise<WorkerResult[]> {
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
  env: Record<string, string> = {}
): Promise<{ passes: number; charged: number; invoices: number }[]> {
  return runWorkers(
    count,
    { ...process.env, ...env, WORKER_TASK: 'bill', WORKER_PRACTICE: practice },
    during
  );
}

async function runWorkers<T>(
  count: number,
  env: Record<string, string | undefined>,
  during?: () => Promise<void>
): Promise<T[]> {
  const script = path.join(repoRoot, 'scripts', 'lib', 'dispatch-worker.js');
  const children: ChildProcess[] = [];
  const lines: Promise<string>[][] = [];
  for (let n = 0; n < count; n += 1) {
    const child = spawn(process.execPath, [script], {
      env: { ...env, JEST_WORKER_ID: `w${n}` },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
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

export interface DispatchWorker {
  /** resolves once the worker has booted */
  ready: Promise<void>;
  /** lets it start dispatching */
  go(): void;
  /** its counts, once it found nothing left to do */
  done: Promise<WorkerResult & { released: number; expired: number; reconciled: number }>;
  /** kill -9: the process dies mid-run, holding whatever it held */
  kill(): void;
  readonly pid: number | undefined;
}

/**
 * One dispatch-only Strapi process on the current test database, under the
 * caller's control (the crash test kills one and starts another).
 */
export function startDispatchWorker(
  env: Record<string, string | undefined> = process.env,
  name = 'w'
): DispatchWorker {
  const script = path.join(repoRoot, 'scripts', 'lib', 'dispatch-worker.js');
  const child = spawn(process.execPath, [script], {
    env: { ...env, JEST_WORKER_ID: name },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const reader = readline.createInterface({ input: child.stdout! });
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  reader.on('line', (line) => (waiters.length ? waiters.shift()!(line) : lines.push(line)));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      // our ends of its pipes would keep Jest from exiting
      child.stdin?.destroy();
      reader.close();
      resolve(code);
    })
  );
  const nextLine = () =>
    Promise.race([
      new Promise<string>((resolve) =>
        lines.length ? resolve(lines.shift()!) : waiters.push(resolve)
      ),
      exited.then((code) => Promise.reject(new Error(`worker ${name} exited with ${code}`))),
    ]);
  const ready = nextLine().then(() => undefined);
  const done = ready.then(nextLine).then((line) => {
    // The worker waits on its stdin until the parent lets it go (a parent gone
    // without a word must not leave it running): close it, and make sure.
    child.stdin?.end();
    setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 10_000).unref();
    return JSON.parse(line);
  });
  // a killed worker's promises reject; nobody needs to wait for them
  done.catch(() => undefined);
  return {
    ready,
    go: () => child.stdin!.write('go\n'),
    done,
    kill: () => child.kill('SIGKILL'),
    get pid() {
      return child.pid;
    },
  };
}

/**
 * A second Strapi instance on the current test database that answers HTTP
 * (WORKER_TASK=serve): its base URL, and `stop` to shut it down.
 */
export async function startServingInstance(
  env: Record<string, string | undefined> = {}
): Promise<{ url: string; stop: () => Promise<void> }> {
  const script = path.join(repoRoot, 'scripts', 'lib', 'dispatch-worker.js');
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env, WORKER_TASK: 'serve', JEST_WORKER_ID: 'serve' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const reader = readline.createInterface({ input: child.stdout! });
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  reader.on('line', (line) => (waiters.length ? waiters.shift()!(line) : lines.push(line)));
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      if (lines.length) return resolve(lines.shift()!);
      waiters.push(resolve);
      child.once('exit', (code) => reject(new Error(`serving instance exited with ${code}`)));
    });
  try {
    await nextLine(); // ready
    child.stdin!.write('go\n');
    const { port } = JSON.parse(await nextLine()) as { port: number };
    return {
      url: `http://127.0.0.1:${port}`,
      async stop() {
        child.stdin!.write('stop\n');
        await nextLine();
        child.stdin!.end();
      },
    };
  } catch (error) {
    child.kill();
    throw error;
  }
}
