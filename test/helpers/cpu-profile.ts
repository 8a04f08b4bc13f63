// Preloaded with `node --require` (NODE_OPTIONS refuses --cpu-prof): profiles the process from
// its start and writes <PLATEAU_CPU_PROF_DIR>/<pid>.cpuprofile (Chrome DevTools format) when it
// exits, including through SIGTERM / SIGINT. The inspector answers synchronously on the main
// thread, so the profile can be taken in the exit handler.
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';

const dir = process.env.PLATEAU_CPU_PROF_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    session.post('Profiler.stop', (err, r) => {
      if (err) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(r.profile));
    });
  };
  process.on('exit', write);
}
