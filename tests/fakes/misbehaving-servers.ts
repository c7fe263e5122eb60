/**
 * Servers on 127.0.0.1 that fail the way a provider's network does, to see
 * which error each client really raises: one that reads the request and
 * never answers, one that hangs up after reading it, one that breaks off
 * its answer, a port nobody listens on, and a listener whose accept queue is
 * full, so a connection never stands (the peer drops SYNs, as a firewall does).
 */
import { spawn } from 'child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'http';
import { connect, createServer as createTcpServer, type AddressInfo, type Socket } from 'net';

export type Misbehaviour =
  /** reads the whole request, never answers */
  | 'silent'
  /** reads the whole request, then destroys the socket */
  | 'reset-after-request'
  /** answers 201 with a Content-Length it never fills, then destroys the socket */
  | 'reset-mid-answer'
  /** answers 201 with a Content-Length it never fills and keeps the socket open */
  | 'stall-answer';

export interface RunningServer {
  url: string;
  /** complete requests read so far */
  requests: number;
  stop(): Promise<void>;
}

export async function startMisbehavingServer(behaviour: Misbehaviour): Promise<RunningServer> {
  const state = { requests: 0 };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      state.requests += 1;
      if (behaviour === 'reset-after-request') req.socket.destroy();
      if (behaviour === 'reset-mid-answer' || behaviour === 'stall-answer') {
        res.writeHead(201, { 'content-type': 'application/json', 'content-length': '200' });
        res.write('{"sid":');
        if (behaviour === 'reset-mid-answer') setTimeout(() => req.socket.destroy(), 20);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() {
      return state.requests;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port that was free a moment ago: connecting to it is refused. */
export async function closedPortUrl(): Promise<string> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const connects = (port: number, withinMs: number) =>
  new Promise<{ socket: Socket; connected: boolean }>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    const timer = setTimeout(() => resolve({ socket, connected: false }), withinMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({ socket, connected: true });
    });
  });

/**
 * A listener in a child process that blocks its own event loop, so it never
 * accepts; once its backlog is full the kernel drops further SYNs and a
 * connect hangs until the client's timeout. Nothing is ever written.
 */
export async function startUnacceptingListener(): Promise<{ url: string; stop(): void }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const s = require('net').createServer();
       s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
         process.stdout.write(s.address().port + '\\n');
         setTimeout(() => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120000); process.exit(0); }, 20);
       });`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  );
  const port = await new Promise<number>((resolve) =>
    child.stdout!.once('data', (data) => resolve(Number(String(data).trim())))
  );
  await new Promise((resolve) => setTimeout(resolve, 100)); // the child is blocked by now
  const fillers: Socket[] = [];
  for (let i = 0; i < 16; i += 1) {
    const { socket, connected } = await connects(port, 300);
    fillers.push(socket);
    if (!connected) break; // the accept queue is full: SYNs are dropped from here on
    if (i === 15) throw new Error('the accept queue never filled');
  }
  return {
    url: `http://127.0.0.1:${port}`,
    stop() {
      for (const socket of fillers) socket.destroy();
      child.kill('SIGKILL');
    },
  };
}
