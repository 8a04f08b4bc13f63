import type { InjectionToken } from 'tsyringe';
import type { KindName } from './kinds';

/**
 * Token<T>: a DI token carrying the type it resolves to. It is a `Symbol.for(id)`, so a token
 * made twice with the same id is the same token, and classes can use `@inject(Tokens.logger)`.
 */
export type Token<T> = symbol & { readonly __type?: T };

/** Makes a typed token from a global id. */
export function createToken<T>(id: string): Token<T> {
  return Symbol.for(id) as Token<T>;
}

/** The id a token was made from. */
export function tokenId(token: Token<unknown>): string {
  return Symbol.keyFor(token) ?? token.toString();
}

/** The tsyringe view of a token. */
export function asInjection<T>(token: Token<T>): InjectionToken<T> {
  return token as unknown as InjectionToken<T>;
}

const KIND_PREFIX = 'plateau.kind.';
const MODULE_PREFIX = 'plateau.module.';

/** Every loaded module of `kind`, as an array (possibly empty). */
export function kindRef<T = unknown>(kind: KindName): Token<T[]> {
  return createToken<T[]>(`${KIND_PREFIX}${kind}`);
}

/** The one loaded module `name` of `kind` (e.g. moduleRef('isolator', 'cgroups')). */
export function moduleRef<T = unknown>(kind: KindName, name: string): Token<T> {
  return createToken<T>(`${MODULE_PREFIX}${kind}.${name}`);
}

/** What a token refers to: a kernel service, all modules of a kind, or one module. */
export type TokenTarget =
  | { type: 'service'; id: string }
  | { type: 'kind'; kind: string }
  | { type: 'module'; kind: string; name: string };

/** Classifies a token by its id, for dependency ordering. */
export function tokenTarget(token: Token<unknown>): TokenTarget {
  const id = tokenId(token);
  if (id.startsWith(KIND_PREFIX)) return { type: 'kind', kind: id.slice(KIND_PREFIX.length) };
  if (id.startsWith(MODULE_PREFIX)) {
    const rest = id.slice(MODULE_PREFIX.length);
    const dot = rest.indexOf('.');
    return { type: 'module', kind: rest.slice(0, dot), name: rest.slice(dot + 1) };
  }
  return { type: 'service', id };
}
