/**
 * What the master needs from the modules it uses, as their kinds' TypeScript shapes (camelCase
 * fields, as the kernel's proto loader gives them): in-process and out-of-process modules both
 * look like this.
 */

/** MasterInfo as it crosses the contender and detector services (kernel.master.v1.MasterInfo). */
export interface ModuleMasterInfo {
  id?: string | null;
  hostname?: string | null;
  ip?: string | null;
  port?: number | null;
  pid?: string | null;
  version?: string | null;
  masterInfoJson?: string | null;
}

/** A change of a contending master's standing. */
export interface LeadershipEvent {
  elected?: boolean | null;
  candidate?: boolean | null;
  leader?: ModuleMasterInfo | null;
  reason?: string | null;
}

/** The contender kind. */
export interface ContenderModule {
  contend(req: { masterInfo: ModuleMasterInfo }): AsyncIterable<LeadershipEvent>;
  withdraw(req: { masterId: string }): Promise<unknown>;
}

/** The detector kind. */
export interface DetectorModule {
  detect(req: Record<string, never>): AsyncIterable<{ leader?: ModuleMasterInfo | null }>;
}

/** The registry kind (compare-and-set key/value store). */
export interface RegistryModule {
  get(req: { key: string }): Promise<{ found?: boolean | null; value?: Uint8Array | null; version?: string | number | null }>;
  apply(req: { key: string; value?: Uint8Array; expectedVersion?: string | number; delete?: boolean }): Promise<{ version?: string | number | null }>;
}

/** The authenticator kind. */
export interface AuthenticatorModule {
  authenticate(req: { principal?: string; secret?: string; authorization?: string; realm?: string }): Promise<{
    authenticated?: boolean | null;
    principal?: string | null;
    reason?: string | null;
    claims?: Record<string, string> | null;
    challenge?: string | null;
  }>;
}

/** The authorizer kind. */
export interface AuthorizerModule {
  authorized(req: {
    principal?: string;
    claims?: Record<string, string>;
    action: string;
    object?: { type?: string; value?: string; json?: string } | null;
  }): Promise<{ allowed?: boolean | null; reason?: string | null }>;
}

/** The modules a master uses; each is optional (no contender: the master leads alone). */
export interface MasterModules {
  contender?: ContenderModule;
  detector?: DetectorModule;
  registry?: RegistryModule;
  authenticator?: AuthenticatorModule;
  authorizer?: AuthorizerModule;
}
