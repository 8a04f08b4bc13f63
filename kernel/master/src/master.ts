/**
 * Master: the composition root of the master role. It builds and holds its collaborators (the
 * books, the allocator, the registry, operator events and persisted settings, metrics, failover,
 * leadership, the agent link, the HTTP routes) and hands them to the handlers as a MasterContext
 * (context.ts); nothing else in the master imports this file. It listens on one port (HTTP/1.1
 * for the v1 APIs, HTTP/2 gRPC for the agent link), contends for leadership, and while it leads
 * keeps the books (frameworks, agents, offers, tasks), runs the allocator, and serves frameworks,
 * agents and operators. A master that does not lead redirects HTTP clients to the leader (307)
 * or answers 503 when there is none, and refuses agent links. Losing leadership drops everything
 * at once: streams and links close, the books are emptied, and the master waits to lead again.
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Allocator, HierarchicalDRFAllocator } from './allocator/index';
import { type HttpAnswer, type LeaderAddress, LoggingLevel, type MasterInfo, noLeader, notRecovered, redirectToLeader, serviceUnavailable } from '@plateau/mesos';
import { FencedError, type Logger, messageOf, type NamedHook } from '@plateau/kernel';
import { agentMessage } from './agent-link/messages';
import { AgentPinger } from './agent-link/pinger';
import { AgentLinkServer } from './agent-link/server';
import { Turns } from './agent-link/turns';
import { agentDisconnected } from './agents';
import { AllocationLoop } from './allocation-loop';
import { HttpAuth } from './auth';
import { MasterListener } from './http/listener';
import type { MasterContext } from './context';
import { MasterMetrics } from './metrics/index';
import { OperatorEvents } from './operator/events';
import { allocationRound } from './operator/observe';
import { OperatorRegistry } from './operator/persisted';
import { Maintenance } from './maintenance/index';
import type { Router } from './http/router';
import { IdGenerator } from './ids';
import { Failover } from './failover';
import { isFenced, type WriteFence } from './fencing';
import { Leadership } from './leadership';
import { advertisedHostname, buildMasterInfo, toModuleMasterInfo } from './master-info';
import type { MasterModules } from './modules';
import { makeOffers } from './offers';
import { formatHostPort, type MasterOptions } from './options';
import { MasterRegistry } from './registry';
import { buildRoutes } from './routes';
import { MasterState } from './state/index';

/**
 * Agent registrations admitted per turn of the event loop: about 0.3 ms each (10 tasks), so a
 * turn holds the loop some 10 ms, well under a third of any session or lease.
 */
const AGENT_ADMISSIONS_PER_TURN = 32;
/** How long an unproven leader waits for a proof already on its way before it demotes itself. */
const PROOF_GRACE_MS = 100;

/** Where a master stands. */
export type MasterRole = 'follower' | 'recovering' | 'leader';

/** Master: one master process's role. */
export class Master implements MasterContext {
  readonly ids: IdGenerator;
  readonly state: MasterState;
  allocator: Allocator;
  readonly info: MasterInfo;
  readonly auth: HttpAuth;
  readonly registry: MasterRegistry;
  readonly operatorRegistry: OperatorRegistry;
  readonly maintenance: Maintenance;
  readonly events: OperatorEvents;
  readonly metrics: MasterMetrics;
  readonly failover: Failover;
  readonly agentTurns = new Turns(AGENT_ADMISSIONS_PER_TURN);
  readonly leadership: Leadership;
  /** When this master started, ms since the epoch. */
  readonly startTime = Date.now();
  /** When it was last elected. */
  electedTime: number | undefined;
  role: MasterRole = 'follower';
  readonly hooks: readonly NamedHook[];
  readonly hookTimeoutMs: number | undefined;
  readonly loggingLevel: LoggingLevel;
  readonly moduleLabels: Readonly<Record<string, string>>;

  private readonly allocation: AllocationLoop;
  private readonly pinger: AgentPinger;
  private readonly links: AgentLinkServer;
  private readonly http: HttpServer;
  private readonly listener: MasterListener;
  private readonly router: Router;
  private recoveredTimer: NodeJS.Timeout | undefined;
  private electionEpoch = 0;
  private address: AddressInfo | undefined;

  constructor(
    readonly opts: MasterOptions,
    readonly log: Logger,
    modules: MasterModules = {},
  ) {
    this.ids = new IdGenerator();
    this.state = new MasterState(opts.maxCompletedFrameworks);
    this.allocator = this.newAllocator();
    this.info = buildMasterInfo(this.ids.masterId, opts.listen, advertisedHostname(opts.listen, opts.hostname, opts.advertiseIp), opts.version, { ip: opts.advertiseIp, port: opts.advertisePort });
    this.hooks = modules.hooks ?? [];
    this.loggingLevel = new LoggingLevel(log);
    this.moduleLabels = modules.labels ?? {};
    this.hookTimeoutMs = opts.hookTimeoutMs;
    this.auth = new HttpAuth(modules.authenticator, modules.authorizer, log, { authenticateAgents: opts.authenticateAgents ?? false });
    this.registry = new MasterRegistry(modules.registry, log, this.writeFence);
    this.operatorRegistry = new OperatorRegistry(modules.registry, this.writeFence);
    this.maintenance = new Maintenance(modules.registry, log, this.writeFence);
    this.events = new OperatorEvents(this);
    this.metrics = new MasterMetrics(this, this.events);
    this.failover = new Failover(this, this.registry);
    this.allocation = new AllocationLoop(opts.allocationIntervalMs, () => this.allocate());
    this.pinger = new AgentPinger(this, opts.agentPingTimeoutMs, opts.maxAgentPingTimeouts);
    this.leadership = new Leadership(
      () => toModuleMasterInfo(this.info),
      modules.contender,
      modules.detector,
      { elected: () => void this.onElected(), lost: (reason) => this.onLost(reason) },
      log,
    );
    this.links = new AgentLinkServer(
      { refusal: () => this.linkRefusal() },
      {
        // Fencing: a message that would change the books waits for proven leadership (an unproven
        // leader demotes, which closes every link; the agent re-registers with the leader).
        message: (s, msg) => {
          const apply = () => (this.unproven('agent message') === undefined ? agentMessage(this, s, msg) : undefined);
          return this.proofLapsed() ? this.proofArrival().then(apply) : apply();
        },
        closed: (s) => agentDisconnected(this, s),
      },
      (err) => this.log.error({ err: messageOf(err), stack: (err as Error)?.stack }, 'agent link error'),
    );
    this.router = buildRoutes(this);
    this.http = createServer({ keepAlive: true, requestTimeout: 0, headersTimeout: 60_000 }, (req, res) => this.onRequest(req, res));
    this.http.keepAliveTimeout = 75_000;
    this.listener = new MasterListener(this.http, (conn) => this.links.inject(conn), opts.tls);
  }

  /** Milliseconds since the epoch. */
  now(): number {
    return Date.now();
  }

  /** Whether this master leads and has recovered (serves writes). */
  get leading(): boolean {
    return this.role === 'leader';
  }

  /** Listens, then contends for leadership. Resolves with the bound address. */
  async start(): Promise<AddressInfo> {
    this.address = await this.listener.listen(this.opts.listen.host, this.opts.listen.port);
    if (this.opts.listen.port === 0) {
      // Port 0 picks a free port: advertise the real one.
      this.opts.listen.port = this.address.port;
      const fresh = buildMasterInfo(this.info.id, this.opts.listen, this.info.hostname!, this.opts.version, { ip: this.opts.advertiseIp, port: this.opts.advertisePort });
      Object.assign(this.info, fresh);
    }
    this.log.info({ masterId: this.info.id, listen: formatHostPort(this.opts.listen), hostname: this.info.hostname, tls: this.opts.tls ? `on (client certificates: ${this.opts.tls.clientAuth})` : 'off' }, 'master listening (HTTP APIs and agent link)');
    this.leadership.start();
    return this.address;
  }

  /** Stops serving: gives up leadership, closes streams, links and the port. */
  async stop(): Promise<void> {
    clearTimeout(this.demotionCheck);
    this.loggingLevel.stop();
    this.metrics.stop();
    await this.leadership.stop();
    this.dropLeadership('master stopping');
    await this.links.stop();
    await this.listener.close();
    this.http.closeAllConnections();
  }

  /**
   * Wraps a timer callback so that a failure is logged instead of ending the process (the HTTP
   * and agent link handlers are guarded where they are dispatched).
   */
  guard<A extends unknown[]>(what: string, fn: (...args: A) => void): (...args: A) => void {
    return (...args: A) => {
      try {
        fn(...args);
      } catch (err) {
        this.log.error({ err: messageOf(err), stack: (err as Error)?.stack }, `${what} failed`);
      }
    };
  }

  /** Asks for an allocation round soon (coalesced). */
  requestAllocation(): void {
    if (this.leading) this.allocation.request();
  }

  /**
   * For leader-only endpoints: undefined when this master serves, else 307 / 503. A leader
   * serves only while its leadership is proven now (fencing): otherwise 503 and it demotes.
   */
  gateAnswer(requestUrl: string): HttpAnswer | undefined {
    if (this.role === 'leader') {
      const why = this.unproven(`request ${requestUrl}`);
      return why === undefined ? undefined : serviceUnavailable(`Leadership not proven; retry (${why})`);
    }
    if (this.role === 'recovering') return notRecovered();
    const leader = this.leaderAddress();
    return leader === undefined ? noLeader() : redirectToLeader(leader, requestUrl);
  }

  /**
   * gateAnswer, after giving a proof already on its way up to PROOF_GRACE_MS to arrive when this
   * leader's has run out (its loop was busy: the contender's fresh events wait behind the request).
   */
  async provenGateAnswer(requestUrl: string): Promise<HttpAnswer | undefined> {
    if (this.proofLapsed()) await this.proofArrival();
    return this.gateAnswer(requestUrl);
  }

  /** Whether this master leads on a proof that has run out. */
  private proofLapsed(): boolean {
    return this.role === 'leader' && this.leadership.unproven() !== undefined;
  }

  private proofArrival(): Promise<boolean> {
    return this.leadership.waitForProof(PROOF_GRACE_MS);
  }

  /** The leading master's address, when known. */
  leaderAddress(): LeaderAddress | undefined {
    const l = this.leadership.leader;
    if (this.leadership.elected) return { hostname: this.info.hostname!, port: this.info.port };
    if (l === null || !l.port) return undefined;
    return { hostname: l.hostname || l.ip || '', port: l.port };
  }

  /**
   * Fencing: why this leader may not accept a write now (undefined when it may). An unproven
   * leader refuses every write at once, and demotes itself unless a proof that had already
   * arrived (read after this request, behind a busy loop) turns up within PROOF_GRACE_MS: a
   * contender in its own thread or process keeps its session through the master's stalls, and
   * its fresh proof must not lose to a request that happened to be read first.
   */
  private unproven(what: string): string | undefined {
    if (this.role !== 'leader') return this.role === 'recovering' ? 'recovering' : 'not the leader';
    const why = this.leadership.unproven();
    if (why !== undefined) {
      this.log.warn({ masterId: this.info.id, what, reason: why }, 'write refused: leadership not proven');
      this.demoteUnlessProven();
    }
    return why;
  }

  private demotionCheck: NodeJS.Timeout | undefined;

  /** Demotes this leader if its leadership is still unproven after PROOF_GRACE_MS. */
  private demoteUnlessProven(): void {
    if (this.demotionCheck) return;
    this.demotionCheck = setTimeout(() => {
      this.demotionCheck = undefined;
      const why = this.role === 'leader' ? this.leadership.unproven() : undefined;
      if (why === undefined) return;
      this.log.warn({ masterId: this.info.id, reason: why }, 'leadership still not proven; demoting');
      void this.leadership.recontend(`fencing: ${why}`);
    }, PROOF_GRACE_MS);
  }

  /** The registries' fence: tokens while proven, demotion on a fenced refusal. */
  private readonly writeFence: WriteFence = {
    tokenForWrite: (what) => {
      const why = this.unproven(what);
      if (why !== undefined) throw new FencedError(`${what} refused: ${why}`);
      return this.leadership.fencingToken;
    },
    failed: (err) => {
      if (!isFenced(err) || this.role === 'follower') return;
      this.log.warn({ masterId: this.info.id, err: messageOf(err) }, 'the registry refused a fenced write: another master leads; demoting');
      void this.leadership.recontend(`fencing: ${messageOf(err)}`);
    },
  };

  private linkRefusal(): { details: string; leader?: string } | undefined {
    if (this.role === 'leader') {
      const why = this.unproven('agent link');
      return why === undefined ? undefined : { details: `leadership not proven; retry (${why})` };
    }
    if (this.role === 'recovering') return { details: 'this master is recovering; retry shortly' };
    const leader = this.leaderAddress();
    return leader === undefined ? { details: 'no leading master' } : { details: 'not the leading master', leader: `${leader.hostname}:${leader.port}` };
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    this.metrics.httpRequest(req, res);
    void this.router.dispatch(req, res);
  }

  private allocate(): void {
    if (!this.leading) return;
    try {
      const started = performance.now();
      const grants = this.allocator.allocate();
      allocationRound(this, performance.now() - started, grants.length);
      makeOffers(this, grants);
      this.maintenance.inverse.send(this);
    } catch (err) {
      this.log.error({ err: messageOf(err), stack: (err as Error)?.stack }, 'allocation round failed');
    }
  }

  private newAllocator(): Allocator {
    return new HierarchicalDRFAllocator({ allocationIntervalMs: this.opts.allocationIntervalMs });
  }

  /** Elected: recover the registry, then serve. */
  private async onElected(): Promise<void> {
    const epoch = ++this.electionEpoch;
    this.role = 'recovering';
    this.electedTime = this.now();
    this.metrics.loop.electedNow();
    this.log.info({ masterId: this.info.id }, 'elected leader; recovering the registry');
    let admitted;
    try {
      admitted = await this.registry.recover();
      await this.operatorRegistry.recover();
      await this.maintenance.recover();
    } catch (err) {
      this.log.error({ err: messageOf(err) }, 'registry recovery failed; giving up leadership');
      if (epoch === this.electionEpoch) {
        this.role = 'follower';
        void this.leadership.stop();
      }
      return;
    }
    if (epoch !== this.electionEpoch || !this.leadership.elected) return;
    this.failover.reset();
    this.state.clear();
    this.allocator = this.newAllocator();
    this.operatorRegistry.applyTo(this.allocator, this.log);
    // An agent marked gone stays gone even if its removal from the admitted list never landed
    // (the gone list is written first).
    for (const a of admitted) if (!this.operatorRegistry.gone.has(a.id)) this.state.recoveredAgents.set(a.id, { id: { value: a.id }, hostname: a.hostname, port: a.port });
    this.role = 'leader';
    this.allocation.start();
    this.pinger.start();
    if (admitted.length > 0) {
      this.recoveredTimer = setTimeout(this.guard('agent re-registration timeout', () => this.recoveredAgentsTimeout()), this.opts.agentReregisterTimeoutMs);
      this.recoveredTimer.unref();
    }
    this.log.info({ masterId: this.info.id, recoveredAgents: admitted.length }, 'leading: serving frameworks and agents');
  }

  private recoveredAgentsTimeout(): void {
    if (!this.leading) return;
    this.failover.closeReregistrationWindow();
  }

  private onLost(reason: string): void {
    this.log.warn({ masterId: this.info.id, reason }, 'not leading');
    this.dropLeadership(reason);
  }

  /** Stops serving at once: every stream and link closes, the books are emptied. */
  private dropLeadership(reason: string): void {
    this.electionEpoch++;
    const was = this.role;
    this.role = 'follower';
    this.allocation.stop();
    this.pinger.stop();
    this.maintenance.stopWatches();
    clearTimeout(this.recoveredTimer);
    if (was === 'follower') return;
    for (const fw of this.state.frameworks.values()) {
      const s = fw.stream;
      fw.stream = null;
      s?.error(`Master ${this.info.id} is no longer the leader: ${reason}`);
    }
    this.links.closeAll();
    this.events.closeAll();
    this.state.clear();
    this.allocator = this.newAllocator();
  }
}
