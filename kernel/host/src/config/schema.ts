/**
 * The top-level config schema (plateau.yaml) and the TypeScript types it describes. The schema is
 * the source of truth; config/schema.json is generated from it (see schema-file.ts) and a unit
 * test keeps the two equal. Module-specific settings live under `modules.<name>.config` and are
 * checked against each module's own schema once modules are resolved (module-config.ts).
 */
import { KINDS, type KindName } from '../contract/kinds.js';
import type { ClientTlsConfig, ServerTlsConfig } from './tls.js';

/** Log levels, most verbose first (pino's). */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
/** A log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where `workDir` points when the config leaves it out. */
export const DEFAULT_WORK_DIR = './.plateau';

/** A module instance name: the key under `modules:`. */
export const INSTANCE_NAME_PATTERN = '^[a-z][a-z0-9-]*$';

const PORT = '(?:[0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])';
const HOST = '(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)';
/** `HOST:PORT`: a name, IPv4 address or bracketed IPv6 address, and a port 0-65535. */
export const HOST_PORT_PATTERN = `^${HOST}:${PORT}$`;
/** A module endpoint: `unix:///abs/path.sock`, `tcp://host:port` or `host:port`. */
export const ENDPOINT_PATTERN = `^(?:unix://\\/.+|(?:tcp://)?${HOST}:${PORT})$`;

/** How each pattern is described in error messages. */
export const PATTERN_DESCRIPTIONS: Readonly<Record<string, string>> = {
  [HOST_PORT_PATTERN]: 'must be HOST:PORT, e.g. 0.0.0.0:5050',
  [ENDPOINT_PATTERN]: 'must be unix:///path/to.sock, tcp://host:port or host:port',
  [INSTANCE_NAME_PATTERN]: 'must start with a lowercase letter and hold only lowercase letters, digits and -',
};

const hostPort = (description: string) => ({ type: 'string', pattern: HOST_PORT_PATTERN, description }) as const;
const moduleName = (description: string) => ({ type: 'string', minLength: 1, description }) as const;
const moduleNames = (description: string) =>
  ({ type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1 }, description }) as const;
const settings = {
  type: 'object',
  description: "The module's own settings, checked against the schema the module declares.",
} as const;
const required = {
  type: 'boolean',
  description: 'Fail startup instead of skipping the module when it cannot run here.',
} as const;
const pemFile = (description: string) => ({ type: 'string', minLength: 1, description }) as const;
/** A principal and its secret, given inline or (preferred) in a file. */
const credential = (description: string, who: string) =>
  ({
    type: 'object',
    description,
    additionalProperties: false,
    required: ['principal'],
    properties: {
      principal: { type: 'string', minLength: 1, description: `The principal ${who} authenticates as.` },
      secret: { type: 'string', minLength: 1, description: 'Its secret (prefer secretFile; one of the two is needed).' },
      secretFile: { type: 'string', minLength: 1, description: 'A file holding the secret (trailing newline ignored).' },
    },
  }) as const;
const serverTls = (who: string) =>
  ({
    type: 'object',
    description: `TLS on ${who}'s port (PEM files, relative to this file). Without it the port is plain TCP.`,
    additionalProperties: false,
    required: ['cert', 'key'],
    properties: {
      cert: pemFile('The server certificate (PEM), chain included.'),
      key: pemFile('Its private key (PEM).'),
      ca: pemFile('The CA (PEM) that client certificates must chain to.'),
      clientAuth: {
        type: 'string',
        enum: ['none', 'request', 'require'],
        description: 'Client certificates: not asked for (none, the default), checked when presented (request), or needed to connect (require).',
      },
    },
  }) as const;
const kind = { type: 'string', enum: Object.keys(KINDS), description: 'The module kind it serves.' } as const;
const describedName = {
  type: 'string',
  minLength: 1,
  description: 'The name the module reports in Describe; checked when given.',
} as const;

/**
 * topLevelSchema: JSON Schema (draft-07) of a whole plateau.yaml. Unknown keys are errors
 * everywhere except inside `modules.<name>.config` and `agent.attributes`, and top-level keys
 * starting `x-`, which are ignored so YAML anchors have somewhere to live.
 */
export const topLevelSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Plateau configuration',
  description: 'plateau.yaml: the cluster, the master and agent roles, and the modules they use.',
  type: 'object',
  additionalProperties: false,
  required: ['cluster'],
  patternProperties: {
    '^x-': { description: 'Ignored: a place for YAML anchors shared below (x-defaults: &defaults ...).' },
  },
  properties: {
    extends: {
      type: 'string',
      minLength: 1,
      description:
        'Another config file (relative to this one) to start from: its settings are deep-merged under this file\'s (mappings merge key by key, lists and other values replace, null removes a key), e.g. extends: dev.yaml.',
    },
    cluster: { type: 'string', minLength: 1, description: 'Cluster name, shown in the UI and state.' },
    logLevel: { type: 'string', enum: [...LOG_LEVELS], description: 'How much the processes log.' },
    workDir: {
      type: 'string',
      minLength: 1,
      default: DEFAULT_WORK_DIR,
      description: 'Root for state that roles do not place elsewhere.',
    },
    master: { $ref: '#/definitions/master' },
    agent: { $ref: '#/definitions/agent' },
    modules: {
      type: 'object',
      default: {},
      description: 'Module instances by name; roles refer to them by that name.',
      propertyNames: { type: 'string', pattern: INSTANCE_NAME_PATTERN },
      additionalProperties: { $ref: '#/definitions/module' },
    },
  },
  definitions: {
    master: {
      type: 'object',
      description: 'The master role.',
      additionalProperties: false,
      required: ['listen', 'contender'],
      properties: {
        listen: hostPort('Address of the master HTTP and gRPC APIs, e.g. 0.0.0.0:5050.'),
        contender: moduleName('Module providing leader election (contender + detector + registry).'),
        workDir: { type: 'string', minLength: 1, description: "The master's state directory." },
        registryPath: { type: 'string', minLength: 1, description: 'Where a file-backed registry keeps its state.' },
        authenticator: moduleName('Module that authenticates frameworks and operators.'),
        authorizer: moduleName('Module that authorizes actions.'),
        authenticateAgents: {
          type: 'boolean',
          description: 'Agents must authenticate on the agent link with their agent.credential, through master.authenticator (Mesos --authenticate_agents). Default false: a credential an agent sends is checked all the same.',
        },
        hooks: moduleNames('Hook modules run on the master, in order.'),
        tls: serverTls('the master'),
        agentCa: pemFile("The CA (PEM) that agents' HTTPS certificates chain to, for the master's reads from agents (the web UI's log proxy); default: master.tls.ca."),
        agentCredential: credential("The master's credential toward agents that authenticate (agent.authenticator), sent as HTTP Basic by the web UI's log proxy.", 'the master'),
        agentReregisterTimeoutMs: {
          type: 'integer',
          minimum: 1,
          description:
            'How long a newly elected leader waits for the agents of the registry to re-register; then their tasks are lost or unreachable (Mesos --agent_reregister_timeout, 10 minutes).',
        },
        allocator: {
          type: 'object',
          description: 'Allocator timing.',
          additionalProperties: false,
          properties: {
            intervalMs: { type: 'integer', minimum: 1, description: 'Time between allocation rounds.' },
            offerTimeoutMs: { type: 'integer', minimum: 1, description: 'Rescind offers not answered in time.' },
          },
        },
      },
    },
    agent: {
      type: 'object',
      description: 'The agent role.',
      additionalProperties: false,
      required: ['listen'],
      properties: {
        listen: hostPort('Address of the agent API, e.g. 0.0.0.0:5051.'),
        workDir: { type: 'string', minLength: 1, description: "The agent's checkpoint and sandbox root." },
        master: hostPort('A fixed master address, when no detector is used.'),
        detector: moduleName('Module that finds the leading master.'),
        resources: {
          type: 'string',
          minLength: 1,
          description: '"auto" to discover, or Mesos syntax: "cpus:8;mem:16384;disk:100000;ports:[31000-32000]".',
        },
        attributes: {
          type: 'object',
          description: 'Agent attributes offered to frameworks.',
          additionalProperties: { type: ['string', 'number'] },
        },
        isolation: moduleNames('Isolator modules, applied in order.'),
        launcher: moduleName('Launcher module.'),
        provisioner: moduleName('Image provisioner module.'),
        hooks: moduleNames('Hook modules run on the agent, in order.'),
        secretResolver: moduleName('Module that resolves the secrets of tasks (environment variables and volumes of type SECRET); without one such tasks fail.'),
        switchUser: {
          type: 'boolean',
          description: "Run each task as its user (CommandInfo.user, else FrameworkInfo.user), looked up on the agent; false: as the agent's user (Mesos --switch_user). Default true.",
        },
        tls: serverTls('the agent'),
        masterCa: pemFile("The CA (PEM) the master's certificate must chain to; the agent link then speaks TLS (default: agent.tls.ca)."),
        authenticator: moduleName("Module that authenticates callers of the agent's HTTP APIs and issues executor tokens."),
        authorizer: moduleName("Module that authorizes the agent's API calls."),
        credential: credential("The agent's credential, sent to the master on the agent link (Mesos --credential); the master checks it when it has an authenticator.", 'the agent'),
        fetcher: {
          type: 'object',
          description: "The fetcher of CommandInfo.uris: its agent-wide cache (Mesos --fetcher_cache_dir, --fetcher_cache_size).",
          additionalProperties: false,
          properties: {
            cacheDir: { type: 'string', minLength: 1, description: 'Directory of the cache (default <agent workDir>/fetch).' },
            cacheMaxBytes: { type: 'integer', minimum: 0, description: 'Size bound of the cache, bytes; least recently used files are evicted (default 2 GiB).' },
          },
        },
        sandboxLogMaxBytes: {
          type: 'integer',
          minimum: 0,
          description: 'Size cap of each sandbox stdout/stderr file before it is rotated (2 rotations kept); 0: no cap. Default 10 MiB.',
        },
        docker: {
          type: 'object',
          description: 'How tasks with ContainerInfo.type DOCKER run (through the provisioner and launcher; no Docker daemon).',
          additionalProperties: false,
          properties: {
            allowPrivileged: { type: 'boolean', description: 'Whether DockerInfo.privileged is honoured (all capabilities, no seccomp filter); default false: such tasks fail.' },
          },
        },
      },
    },
    module: {
      description: "A module instance: a package to load ('use', in-process or with 'thread' in a worker thread), a program to spawn ('exec') or a service to dial ('endpoint').",
      type: 'object',
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['use'],
          properties: {
            use: {
              type: 'string',
              minLength: 1,
              description: 'A built-in module (contender-zk), a package name, or a path (./in-house/quota).',
            },
            thread: {
              type: 'boolean',
              description:
                "Run the package in a worker thread of the host, served over gRPC and supervised like an 'exec' module: its own event loop and heap, and it ends with the host.",
            },
            config: settings,
            required,
          },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'exec'],
          properties: {
            kind,
            exec: {
              type: 'object',
              description: 'A program serving the kind over gRPC, spawned and supervised by the host.',
              additionalProperties: false,
              required: ['path'],
              properties: {
                path: { type: 'string', minLength: 1, description: 'The executable.' },
                args: { type: 'array', items: { type: 'string' }, description: 'Its arguments.' },
                env: {
                  type: 'object',
                  description: 'Extra environment variables.',
                  additionalProperties: { type: 'string' },
                },
              },
            },
            config: settings,
            required,
            name: describedName,
          },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'endpoint'],
          properties: {
            kind,
            endpoint: {
              type: 'string',
              pattern: ENDPOINT_PATTERN,
              description: 'Where a module that runs elsewhere listens.',
            },
            tls: {
              type: 'object',
              description: 'Dial the module over TLS (PEM files, relative to this file).',
              additionalProperties: false,
              required: ['ca'],
              properties: {
                ca: pemFile("The CA (PEM) the module's certificate must chain to."),
                cert: pemFile('A client certificate (PEM) for modules that require one.'),
                key: pemFile("The client certificate's private key (PEM)."),
              },
            },
            config: settings,
            required,
            name: describedName,
          },
        },
      ],
    },
  },
} as const;

/** `modules.<name>` that loads a package (built-in, npm name or path). */
export interface UseModuleEntry {
  use: string;
  /** Run it in a worker thread of the host (served over gRPC) instead of in-process. */
  thread?: boolean;
  config?: Record<string, unknown>;
  required?: boolean;
}

/** `modules.<name>` that spawns a program serving the kind over gRPC. */
export interface ExecModuleEntry {
  kind: KindName;
  exec: { path: string; args?: string[]; env?: Record<string, string> };
  config?: Record<string, unknown>;
  required?: boolean;
  name?: string;
}

/** `modules.<name>` that dials a module running elsewhere. */
export interface EndpointModuleEntry {
  kind: KindName;
  endpoint: string;
  tls?: ClientTlsConfig;
  config?: Record<string, unknown>;
  required?: boolean;
  name?: string;
}

/** One module instance. */
export type ModuleEntry = UseModuleEntry | ExecModuleEntry | EndpointModuleEntry;

/** The master role. */
/** master.agentCredential / agent.credential: a principal and its secret, inline or in a file. */
export interface CredentialConfig {
  principal: string;
  secret?: string;
  secretFile?: string;
}

export interface MasterConfig {
  listen: string;
  contender: string;
  workDir?: string;
  registryPath?: string;
  authenticator?: string;
  authorizer?: string;
  authenticateAgents?: boolean;
  hooks?: string[];
  agentReregisterTimeoutMs?: number;
  allocator?: { intervalMs?: number; offerTimeoutMs?: number };
  tls?: ServerTlsConfig;
  agentCa?: string;
  agentCredential?: CredentialConfig;
}

/** The agent role. */
export interface AgentConfig {
  listen: string;
  workDir?: string;
  master?: string;
  detector?: string;
  resources?: string;
  attributes?: Record<string, string | number>;
  isolation?: string[];
  launcher?: string;
  provisioner?: string;
  hooks?: string[];
  secretResolver?: string;
  switchUser?: boolean;
  authenticator?: string;
  authorizer?: string;
  credential?: CredentialConfig;
  sandboxLogMaxBytes?: number;
  fetcher?: { cacheDir?: string; cacheMaxBytes?: number };
  docker?: { allowPrivileged?: boolean };
  tls?: ServerTlsConfig;
  masterCa?: string;
}

/** A validated plateau.yaml, defaults applied. */
export interface PlateauConfig {
  cluster: string;
  logLevel?: LogLevel;
  workDir: string;
  master?: MasterConfig;
  agent?: AgentConfig;
  modules: Record<string, ModuleEntry>;
}

/** Whether the entry loads a package. */
export function isUseEntry(e: ModuleEntry): e is UseModuleEntry {
  return 'use' in e;
}
/** Whether the entry spawns a program. */
export function isExecEntry(e: ModuleEntry): e is ExecModuleEntry {
  return 'exec' in e;
}
/** Whether the entry dials an endpoint. */
export function isEndpointEntry(e: ModuleEntry): e is EndpointModuleEntry {
  return 'endpoint' in e;
}

/** configJsonSchema: the top-level schema as plain JSON (a fresh copy), for `plateau config schema`. */
export function configJsonSchema(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(topLevelSchema)) as Record<string, unknown>;
}
