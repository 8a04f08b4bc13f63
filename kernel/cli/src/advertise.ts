/**
 * --advertise-ip and --advertise-port of `plateau master` and `plateau agent`: the address others
 * reach the role at when it is not the one it listens on (behind NAT, from inside containers, or
 * a 0.0.0.0 listen). Mesos's --advertise_ip / --advertise_port: the role does not bind to it.
 */
import { isIP } from 'node:net';
import { ErrorCodes, PlateauError } from '@plateau/kernel';

/** The advertised address, checked; undefined fields were not given. */
export function parseAdvertise(ip: string | undefined, port: string | undefined): { advertiseIp?: string; advertisePort?: number } {
  const out: { advertiseIp?: string; advertisePort?: number } = {};
  if (ip !== undefined) {
    if (isIP(ip) === 0) throw new PlateauError(ErrorCodes.invalid, `--advertise-ip: expected an IPv4 or IPv6 address, got '${ip}'`);
    if (ip === '0.0.0.0' || ip === '::') throw new PlateauError(ErrorCodes.invalid, `--advertise-ip: ${ip} cannot be reached; give the address others use for this machine`);
    out.advertiseIp = ip;
  }
  if (port !== undefined) {
    const n = Number(port);
    if (!/^\d+$/.test(port) || n < 1 || n > 65535) throw new PlateauError(ErrorCodes.invalid, `--advertise-port: expected a port from 1 to 65535, got '${port}'`);
    out.advertisePort = n;
  }
  return out;
}
