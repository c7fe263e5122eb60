/** Sets environment variables for one test file and gives back a function that restores them (files share a process). */
export function setEnv(vars: Record<string, string | undefined>): () => void {
  const previous = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  for (const [key, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return () => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

export const mailbox = (): { to: string; subject: string; text: string; html?: string }[] =>
  ((globalThis as any).__messagingMailbox ??= []);
