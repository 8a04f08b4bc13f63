/**
 * Every operator call this master answers, by type. A group of calls is one file exporting its
 * handlers; adding a group is adding its file and one line here.
 */
import type { OperatorHandlers } from './handler';
import { healthHandlers } from './health';
import { masterHandlers } from './master';
import { stateHandlers } from './state';
import { eventHandlers } from './subscribe';
import { goneHandlers } from './gone';
import { metricsHandlers } from './metrics';
import { reservationHandlers } from './reservations';
import { roleHandlers } from './roles';
import { maintenanceHandlers } from '../maintenance/handlers';
import { aboutHandlers } from './about';
import { loggingHandlers } from './logging';
import { fileHandlers } from './files';
import { teardownHandlers } from './teardown';
import { volumeHandlers } from './volumes';

/** All operator handlers. */
export const operatorHandlers: OperatorHandlers = {
  ...healthHandlers,
  ...aboutHandlers,
  ...loggingHandlers,
  ...fileHandlers,
  ...teardownHandlers,
  ...stateHandlers,
  ...masterHandlers,
  ...metricsHandlers,
  ...roleHandlers,
  ...reservationHandlers,
  ...volumeHandlers,
  ...goneHandlers,
  ...maintenanceHandlers,
  ...eventHandlers,
};

export type { OperatorHandler, OperatorHandlers } from './handler';
export { respond } from './handler';
