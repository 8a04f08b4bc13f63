/** A request `plateau module new` cannot carry out as asked (exit 2; the message says what to do). */
export class ScaffoldError extends Error {}
