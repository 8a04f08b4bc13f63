/** GET_STATE, GET_AGENTS, GET_FRAMEWORKS, GET_EXECUTORS, GET_TASKS: the master's books. */
import { getAgentsJson, getExecutorsJson, getFrameworksJson, getStateJson, getTasksJson } from '../views/v1';
import { respond, type OperatorHandlers } from './handler';

/** Handlers of this group. */
export const stateHandlers: OperatorHandlers = {
  GET_STATE: (m) => respond('GET_STATE', getStateJson(m)),
  GET_AGENTS: (m) => respond('GET_AGENTS', getAgentsJson(m)),
  GET_FRAMEWORKS: (m) => respond('GET_FRAMEWORKS', getFrameworksJson(m)),
  GET_EXECUTORS: (m) => respond('GET_EXECUTORS', getExecutorsJson(m)),
  GET_TASKS: (m) => respond('GET_TASKS', getTasksJson(m)),
};
