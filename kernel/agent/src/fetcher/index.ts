export { FETCHER_DEFAULTS, FetchError, Fetcher, type FetcherOptions, type FetchRequest } from './fetcher';
export { FetcherCache, type CacheLease, type CacheStats } from './cache';
export { archiveKind, FETCHER_SCHEMES, parseUri } from './uri';
