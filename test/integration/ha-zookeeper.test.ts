// The high-availability suite (test/integration/ha-suite.ts) with the zookeeper contender: the masters read
// config/zookeeper.yaml with the test service's address substituted; nothing else differs.
import { haSuite } from './ha-suite';

haSuite('zookeeper');
