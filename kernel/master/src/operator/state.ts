/**
 * GET_STATE, GET_AGENTS, GET_FRAMEWORKS, GET_EXECUTORS, GET_TASKS: the master's books, captured
 * when the call arrives and streamed to the caller (as protobuf: built whole, then encoded).
 */
import { MASTER_RESPONSE, sendMessage } from '@plateau/mesos';
import { executorsJson, frameworksJson, snapshotAgents, snapshotState, snapshotTasks, writeAgents, writeState, writeTasks } from '../views/v1';
import type { MasterState } from '../state/index';
import { JsonSink, StreamSink, type Sink } from '../views/sink';
import { respond, type OperatorHandler, type OperatorHandlers } from './handler';

/** A handler streaming `{"type":TYPE,"<type>":<body>}`: `capture` runs at once, `write` as the reader takes it. */
function streamed<S>(type: string, capture: (state: MasterState) => S, write: (snap: S, sink: Sink) => Promise<void>): OperatorHandler {
  return async (m, _call, _caller, { res, format }) => {
    const started = performance.now();
    const snap = capture(m.state);
    const captured = performance.now();
    const sink = format === 'json' ? new StreamSink(res) : new JsonSink();
    sink.push(`{"type":"${type}","${type.toLowerCase()}":`);
    await write(snap, sink);
    sink.push('}');
    if (sink instanceof StreamSink) sink.end();
    else sendMessage(res, format, MASTER_RESPONSE, sink.finish().chunks);
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
