/**
 * MasterListener: one TCP port for both of the master's protocols, as Mesos's libprocess serves
 * everything on 5050. Each new connection is peeked at: one that opens with the HTTP/2 preface
 * (`PRI * HTTP/2.0`) is an agent link and goes to the gRPC server; anything else is HTTP/1.1 and
 * goes to the HTTP server. Agents therefore reach the agent link at the master's HTTP address,
 * the same `host:port` the detector and `--master` give them.
 *
 * With TLS the port speaks only TLS: ALPN picks the protocol (`h2` → the agent link, `http/1.1`
 * or none → HTTP), and a client that speaks plain HTTP to it is answered 400 naming https.
 */
import { createServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { PLAIN_HTTP_ON_TLS_PORT, type ServerTls, TLS_HANDSHAKE_BYTE, tlsServerFor } from '@plateau/kernel';

const PREFACE = Buffer.from('PRI * HTTP/2.0', 'latin1');
/** Bytes that tell the protocols apart: no HTTP/1.1 method starts with "PRI". */
const SNIFF = 3;

/** MasterListener: the listening socket and its dispatch. */
export class MasterListener {
  private readonly server: NetServer;
  private readonly sockets = new Set<Socket>();
  private readonly tls: NetServer | undefined;

  constructor(
    private readonly http: HttpServer,
    private readonly http2: (connection: Duplex) => void,
    tls?: ServerTls,
  ) {
    this.tls = tls && tlsServerFor(tls, (socket, protocol) => (protocol === 'h2' ? this.http2(socket) : this.http.emit('connection', socket)));
    this.server = createServer((socket) => this.dispatch(socket));
  }

  /** Listens; resolves with the bound address (port 0 picks a free port). */
  listen(host: string, port: number): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host, port, backlog: 4096 }, () => {
        this.server.removeListener('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** Stops listening and destroys every open connection. */
  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    return closed;
  }

  private dispatch(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.setNoDelay(true);
    let head: Buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
      if (head.length < SNIFF && PREFACE.subarray(0, head.length).equals(head)) return;
      socket.removeListener('data', onData);
      socket.removeListener('error', onError);
      socket.pause();
      socket.unshift(head);
      if (this.tls) {
        if (head[0] === TLS_HANDSHAKE_BYTE) {
          // TLS takes the buffered bytes and the socket's handle over, as HTTP/2 does.
          this.tls.emit('connection', socket);
        } else socket.end(PLAIN_HTTP_ON_TLS_PORT);
        return;
      }
      if (head.length >= SNIFF && head.subarray(0, SNIFF).equals(PREFACE.subarray(0, SNIFF))) {
        // HTTP/2 reads the buffered bytes itself; the socket must stay paused for it.
        this.http2(socket);
      } else {
        this.http.emit('connection', socket);
        socket.resume();
      }
    };
    const onError = () => socket.destroy();
    socket.on('data', onData);
    socket.on('error', onError);
  }
}
