/**
 * GET_STATE, GET_AGENTS, GET_FRAMEWORKS, GET_EXECUTORS, GET_TASKS: the master's books, captured
 * when the call arrives and streamed to the caller.
 */
import { executorsJson, frameworksJson, snapshotAgents, snapshotState, snapshotTasks, writeAgents, writeState, writeTasks } from '../views/v1';
import type { MasterState } from '../state/index';
import { StreamSink, type Sink } from '../views/sink';
import { respond, type OperatorHandler, type OperatorHandlers } from './handler';

/** A handler streaming `{"type":TYPE,"<type>":<body>}`: `capture` runs at once, `write` as the reader takes it. */
function streamed<S>(type: string, capture: (state: MasterState) => S, write: (snap: S, sink: Sink) => Promise<void>): OperatorHandler {
  return async (m, _call, _caller, { res }) => {
    const started = performance.now();
    const snap = capture(m.state);
    const captured = performance.now();
    const sink = new StreamSink(res);
    sink.push(`{"type":"${type}","${type.toLowerCase()}":`);
    await write(snap, sink);
    sink.push('}');
    sink.end();
    m.log.debug({ call: type, captureMs: Math.round(captured - started), totalMs: Math.round(performance.now() - started) }, 'operator state answered');
    return undefined;
  };
}

/** Handlers of this group. */
export const stateHandlers: OperatorHandlers = {
  GET_STATE: streamed('GET_STATE', snapshotState, writeState),
  GET_AGENTS: streamed('GET_AGENTS', snapshotAgents, writeAgents),
  GET_TASKS: streamed('GET_TASKS', snapshotTasks, writeTasks),
  GET_FRAMEWORKS: (m) => respond('GET_FRAMEWORKS', frameworksJson(m.state)),
  GET_EXECUTORS: (m) => respond('GET_EXECUTORS', executorsJson(m.state)),
};
