import { randomBytes } from 'crypto';
import { hostname } from 'os';

/**
 * A name for one worker of this Strapi instance, as it signs its leases and
 * claims: host, process and a random tail, so two processes on one host, a
 * restart reusing a pid, or two dispatchers in one process (as the tests run
 * several instances) never pass for each other.
 */
export const newInstanceId = (): string =>
  `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
