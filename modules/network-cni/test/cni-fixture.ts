// The module's view of real CNI networks (@plateau/testkit/cni): isolators over them sharing one
// state and run dir, as an agent and its restart would.
import { join } from 'node:path';
import { CniNetworks } from '@plateau/testkit/cni';
import { testLog } from '@plateau/testkit/cgroups';
import { CniIsolator } from '../src/cni-isolator';
import { loadNetworks } from '../src/conf';
import { withDefaults } from '../src/config';

export { cniSkipReason, BIN_DIR } from '@plateau/testkit/cni';

export class CniFixture extends CniNetworks {
  readonly stateDir = join(this.dir, 'state');
  readonly runDir = join(this.dir, 'run');

  /** A new isolator over this fixture's networks and dirs (a second one shares the state: an agent restart). */
  isolator(): CniIsolator {
    const cfg = withDefaults({ confDirs: [this.confDir], binDirs: ['/usr/lib/cni'], stateDir: this.stateDir, runDir: this.runDir });
    return new CniIsolator(cfg, loadNetworks(cfg.confDirs), { state: this.stateDir }, testLog());
  }

  /** The container's namespace file path. */
  netns(id: string): string {
    return join(this.runDir, 'netns', id);
  }
}
