// Original file: agent.proto


/**
 * Pong answers a Ping.
 */
export interface Pong {
}

/**
 * Pong answers a Ping.
 */
export interface Pong__Output {
}
