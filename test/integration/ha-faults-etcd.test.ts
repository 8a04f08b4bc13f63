// Faults with three masters on a three-member etcd cluster (test/integration/ha-faults.ts).
import { haFaults } from './ha-faults';

haFaults('etcd');
