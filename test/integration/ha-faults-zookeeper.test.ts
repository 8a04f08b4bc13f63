// Faults with three masters on a three-node ZooKeeper ensemble (test/integration/ha-faults.ts).
import { haFaults } from './ha-faults';

haFaults('zookeeper');
