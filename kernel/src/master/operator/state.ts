/** GET_STATE, GET_AGENTS, GET_FRAMEWORKS, GET_EXECUTORS, GET_TASKS: the master's books. */
import type { Master } from '../master';
import { JsonSink } from '../views/sink';
import { writeAgents, writeExecutors, writeFrameworks, writeState, writeTasks } from '../views/v1';
import type { OperatorHandler, OperatorHandlers } from './handler';

/** A handler that writes `{"type":TYPE,"<type>":<body>}` straight into the response. */
function streamed(type: string, body: (m: Master, sink: JsonSink) => void): OperatorHandler {
  return (m, _call, _caller, { res }) => {
    const sink = new JsonSink();
    sink.push(`{"type":"${type}","${type.toLowerCase()}":`);
    body(m, sink);
    sink.push('}');
    sink.send(res);
    return undefined;
  };
}

/** Handlers of this group. */
export const stateHandlers: OperatorHandlers = {
  GET_STATE: streamed('GET_STATE', writeState),
  GET_AGENTS: streamed('GET_AGENTS', writeAgents),
  GET_FRAMEWORKS: streamed('GET_FRAMEWORKS', writeFrameworks),
  GET_EXECUTORS: streamed('GET_EXECUTORS', writeExecutors),
  GET_TASKS: streamed('GET_TASKS', writeTasks),
};
