/**
 * `w365 serve` checks that it can listen where it is told to before it starts anything: the embedded
 * default takes ten seconds or more to start its emulator and sandboxes, and a listen that fails after
 * that left those running (the process hung after `listen EADDRINUSE`). The check binds the address,
 * closes it at once, and turns Node's error into a sentence that names W365_HOST / W365_PORT.
 */
import net from 'node:net';
import { W365Error } from '../common/errors';

export const ListenErrorCodes = { Failed: 'CLI_LISTEN_FAILED' } as const;

/** The reason a listen failed, in words, from Node's error code. */
export function listenFailureMessage(host: string, port: number, err: NodeJS.ErrnoException): string {
  const where = `${host}:${port}`;
  switch (err.code) {
    case 'EADDRINUSE':
      return `Cannot listen on ${where}: the port is already in use (another \`npm start\` or \`w365 serve\`?). Stop that one, or set W365_PORT to a free port.`;
    case 'EACCES':
      return `Cannot listen on ${where}: this user may not use port ${port}. Set W365_PORT to a port above 1023.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot listen on ${where}: W365_HOST '${host}' does not resolve to an address. Use an address of this machine, e.g. 127.0.0.1 or 0.0.0.0.`;
    case 'EADDRNOTAVAIL':
      return `Cannot listen on ${where}: W365_HOST '${host}' is not an address of this machine. Use 127.0.0.1, 0.0.0.0 or one of its own addresses.`;
    default:
      return `Cannot listen on ${where}: ${err.message}`;
  }
}

/** Resolves when `host:port` can be listened on (port 0 always can); otherwise throws CLI_LISTEN_FAILED. */
export function checkCanListen(host: string, port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new W365Error(ListenErrorCodes.Failed, listenFailureMessage(host, port, err), { cause: err, fatal: true }),
      ),
    );
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
  });
}
