// The high-availability suite (test/integration/ha-suite.ts) with the etcd contender: the masters read
// config/etcd.yaml with the test service's address substituted; nothing else differs.
import { haSuite } from './ha-suite';

haSuite('etcd');
