import type { Decoration__Output } from '@plateau/kernel';

/** A hook's answer (kernel.hook.v1.Decoration): each field set replaces that field; null keeps it. */
export type Decoration = Decoration__Output;

// The SDK's: a Decoration of some fields (the rest null), and pairs stamped over pairs.
export { decoration, stampPairs as stamp } from '@plateau/kernel';
