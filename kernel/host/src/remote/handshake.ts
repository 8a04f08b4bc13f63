import { ErrorCodes, PlateauError } from '../contract/errors';

/** The environment variable a spawned module must find to know the kernel started it. */
export const COOKIE_KEY = 'PLATEAU_MODULE_COOKIE';
/** Fixed cookie value: not a secret, a guard against running a module binary by hand. */
export const COOKIE_VALUE = 'a3b5f0c2-plateau-module-v1';
/** Kind API versions the kernel speaks, comma-separated, passed to the module. */
export const API_VERSIONS_KEY = 'PLATEAU_MODULE_API_VERSIONS';
/** Directory the module should create its socket in. */
export const SOCKET_DIR_KEY = 'PLATEAU_MODULE_SOCKET_DIR';
/** The handshake's core protocol version (first field). */
export const CORE_PROTOCOL = '1';

/** A parsed handshake line: `CORE|API|NET|ADDR|PROTO`. */
export interface Handshake {
  core: string;
  api: string;
  network: 'unix' | 'tcp';
  address: string;
  protocol: 'grpc';
}

/** The one stdout line a module prints once it serves: `1|v1|unix|/run/x.sock|grpc`. */
export function formatHandshake(h: Omit<Handshake, 'core' | 'protocol'>): string {
  return [CORE_PROTOCOL, h.api, h.network, h.address, 'grpc'].join('|');
}

/** Parses a handshake line; anything else is PLT_ERR_MODULE_HANDSHAKE naming what is wrong. */
export function parseHandshake(line: string): Handshake {
  const shown = JSON.stringify(line.length > 200 ? `${line.slice(0, 200)}…` : line);
  const bad = (why: string) => new PlateauError(ErrorCodes.moduleHandshake, `bad handshake line ${shown}: ${why}`);
  const parts = line.trim().split('|');
  if (parts.length !== 5) throw bad(`expected 5 fields CORE|API|NET|ADDR|PROTO, got ${parts.length}`);
  const [core, api, network, address, protocol] = parts as [string, string, string, string, string];
  if (core !== CORE_PROTOCOL) throw bad(`core protocol ${core}, this kernel speaks ${CORE_PROTOCOL}`);
  if (!/^v\d+/.test(api)) throw bad(`api version '${api}' is not like v1`);
  if (network !== 'unix' && network !== 'tcp') throw bad(`network '${network}' is neither unix nor tcp`);
  if (!address) throw bad('empty address');
  if (network === 'tcp' && !/^[^:]+:\d+$/.test(address)) throw bad(`tcp address '${address}' is not HOST:PORT`);
  if (protocol !== 'grpc') throw bad(`protocol '${protocol}' is not grpc`);
  return { core, api, network, address, protocol };
}

/** The gRPC target for a handshake or an `endpoint:` string. */
export function grpcTarget(h: Pick<Handshake, 'network' | 'address'>): string {
  return h.network === 'unix' ? `unix://${h.address}` : h.address;
}

/** Parses an `endpoint:` value: `unix:///path`, `tcp://host:port` or `host:port`. */
export function parseEndpoint(endpoint: string): Pick<Handshake, 'network' | 'address'> {
  if (endpoint.startsWith('unix://')) return { network: 'unix', address: endpoint.slice('unix://'.length) };
  const address = endpoint.startsWith('tcp://') ? endpoint.slice('tcp://'.length) : endpoint;
  if (!/^[^:/]+:\d+$/.test(address)) {
    throw new PlateauError(ErrorCodes.moduleHandshake, `endpoint '${endpoint}' is not unix:///path, tcp://host:port or host:port`);
  }
  return { network: 'tcp', address };
}
