// The high-availability suite (test/integration/ha-suite.ts) with the standalone contender: the masters read
// config/dev.yaml with the test service's address substituted; nothing else differs.
import { haSuite } from './ha-suite';

haSuite('standalone');
