/**
 * GET_STATE, GET_AGENTS, GET_FRAMEWORKS, GET_EXECUTORS, GET_TASKS: the master's books, captured
 * when the call arrives and streamed to the caller (as protobuf: built whole, then encoded).
 * With an authorizer, each shows only what the caller may view (authz-views.ts).
 */
import { MASTER_RESPONSE, sendMessage } from '@plateau/mesos';
import { executorsJson, frameworksJson, snapshotAgents, snapshotState, snapshotTasks, warmAgents, warmState, writeAgents, writeState, writeTasks } from '../views/v1';
import type { MasterState } from '../state/index';
import { JsonSink, StreamSink, type Sink } from '../views/sink';
import { type ViewPart, viewFilter } from '../authz-views';
import type { ViewFilter } from '../views/filter';
import { respond, type OperatorHandler, type OperatorHandlers } from './handler';

/**
 * A handler streaming `{"type":TYPE,"<type>":<body>}`: `warm` makes the caches `capture` reads (in
 * slices), `capture` runs at once, `write` as the reader takes it.
 */
function streamed<S>(
  type: string,
  parts: readonly ViewPart[],
  capture: (state: MasterState, filter?: ViewFilter) => S,
  write: (snap: S, sink: Sink) => Promise<void>,
  warm?: (state: MasterState, filter?: ViewFilter) => Promise<void>,
): OperatorHandler {
  return async (m, _call, caller, { res, format }) => {
    const started = performance.now();
    const filter = await viewFilter(m, caller, parts);
    if (warm !== undefined) await warm(m.state, filter);
    const snap = capture(m.state, filter);
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
  GET_STATE: streamed('GET_STATE', ['frameworks', 'tasks', 'executors', 'agents'], snapshotState, writeState, warmState),
  GET_AGENTS: streamed('GET_AGENTS', ['agents'], snapshotAgents, writeAgents, warmAgents),
  GET_TASKS: streamed('GET_TASKS', ['tasks'], snapshotTasks, writeTasks),
  GET_FRAMEWORKS: async (m, _call, caller) => respond('GET_FRAMEWORKS', frameworksJson(m.state, await viewFilter(m, caller, ['frameworks']))),
  GET_EXECUTORS: async (m, _call, caller) => respond('GET_EXECUTORS', executorsJson(m.state, await viewFilter(m, caller, ['executors']))),
};
