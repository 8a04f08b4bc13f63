/**
 * The TLS side of a port (the master's, the agent's): a tls.Server that terminates TLS, checks
 * client certificates as `clientAuth` says, and hands each decrypted connection on with the
 * protocol ALPN settled on (`h2`, `http/1.1`, or undefined when the client offered none).
 */
import type { IncomingMessage, RequestListener, ServerOptions as HttpServerOptions, ServerResponse } from 'node:http';
import { createServer as createHttps, type Server as HttpsServer } from 'node:https';
import type { Server as NetServer } from 'node:net';
import { createServer, type TlsOptions, type TLSSocket } from 'node:tls';
import type { ServerTls } from '../contract/tls';

/** The first byte of every TLS connection: a handshake record. */
export const TLS_HANDSHAKE_BYTE = 0x16;

/** What a client that speaks plain HTTP to a TLS port is told before the connection closes. */
export const PLAIN_HTTP_ON_TLS_PORT = (() => {
  const body = 'This port speaks TLS: use https://\n';
  return `HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
})();

/**
 * tlsServerFor: a tls.Server for `tls`, serving ALPN `protocols` (default h2 and http/1.1; which
 * one a connection gets: pickProtocol).
 * `require` refuses a client without a valid certificate in the handshake; `request` asks for
 * one and refuses a certificate that does not chain to the CA, but lets a client without one in.
 */
export function tlsServerFor(
  tls: ServerTls,
  onConnection: (socket: TLSSocket, protocol: string | undefined) => void,
  protocols: string[] = ['h2', 'http/1.1'],
): NetServer {
  const server = createServer(tlsServerOptions(tls, protocols), (socket) => {
    if (refusedCertificate(tls, socket)) return;
    onConnection(socket, socket.alpnProtocol || undefined);
  });
  // A failed handshake (a client that does not trust us, or lacks a certificate we require)
  // only ends that connection.
  server.on('tlsClientError', (_err, socket) => socket.destroy());
  return server;
}

/** createHttpsServer: an HTTPS server (HTTP/1.1) with `tls`'s certificate and client-certificate mode. */
export function createHttpsServer(tls: ServerTls, options: HttpServerOptions, handler: RequestListener<typeof IncomingMessage, typeof ServerResponse>): HttpsServer {
  const server = createHttps({ ...options, ...tlsServerOptions(tls, ['http/1.1']) }, handler);
  server.prependListener('secureConnection', (socket: TLSSocket) => void refusedCertificate(tls, socket));
  server.on('tlsClientError', (_err, socket) => socket.destroy());
  return server;
}

function tlsServerOptions(tls: ServerTls, protocols: string[]): TlsOptions {
  return {
    cert: tls.cert,
    key: tls.key,
    ca: tls.ca,
    requestCert: tls.clientAuth !== 'none',
    rejectUnauthorized: tls.clientAuth === 'require',
    ALPNCallback: ({ protocols: offered }) => pickProtocol(protocols, offered),
  };
}

/**
 * The protocol of a connection, from what the client offered: HTTP/1.1 whenever the client can
 * speak it (browsers and curl offer h2 too, and must still reach the HTTP APIs, not the agent
 * link), h2 only for a client that offers nothing else (grpc-js: the agent link). undefined (no
 * protocol in common) refuses the handshake.
 */
export function pickProtocol(served: readonly string[], offered: readonly string[]): string | undefined {
  if (served.includes('http/1.1') && offered.includes('http/1.1')) return 'http/1.1';
  return served.find((p) => offered.includes(p));
}

/** `request` lets in a client without a certificate, not one whose certificate fails: that one is destroyed (true). */
function refusedCertificate(tls: ServerTls, socket: TLSSocket): boolean {
  if (tls.clientAuth !== 'request' || socket.authorized) return false;
  const peer = socket.getPeerCertificate();
  if (peer === null || Object.keys(peer).length === 0) return false;
  socket.destroy();
  return true;
}
