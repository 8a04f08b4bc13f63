import type { Command } from 'commander';
import { prepareModules, type ModuleEntry } from '@plateau/kernel';
import { openEntry, runSuite, type SuiteRun } from '@plateau/conformance';
import { ExitCodes, reportError } from './exit';
import { cliLogger } from './logger';
import { formatTable } from './table';

/** One row of the report: a kind of one instance and how its suite went. */
type Row = {
  instance: string;
  kind: string;
  suite: string;
  result: string;
  run: SuiteRun;
};

/** `plateau modules test [INSTANCE]`: each configured instance against its kinds' conformance suites. */
export function registerModulesTestCommand(modules: Command): void {
  modules
    .command('test [instance]')
    .description("run each configured module instance (or only INSTANCE) against its kinds' conformance suites, as configured (in-process, spawned or dialed); exit 1 if any test fails")
    .option('--config <file>', 'config file (default: plateau.yaml found from the working directory)')
    .option('--timeout <ms>', 'deadline of each test, ms', '60000')
    .option('--json', 'print JSON')
    .action(async (instance: string | undefined, opts: { config?: string; timeout: string; json?: boolean }) => {
      process.exitCode = await modulesTest({ configFile: opts.config, instance, caseTimeoutMs: Number(opts.timeout), json: opts.json === true });
      // A module's leftover timer or socket must not keep the command alive after its report.
      setTimeout(() => process.exit(), 2000).unref();
    });
}

async function modulesTest(opts: { configFile?: string; instance?: string; caseTimeoutMs: number; json: boolean }): Promise<number> {
  if (!Number.isInteger(opts.caseTimeoutMs) || opts.caseTimeoutMs <= 0) {
    process.stderr.write('error: --timeout must be a positive number of milliseconds\n');
    return ExitCodes.usage;
  }
  const logger = cliLogger();
  let prepared;
  try {
    prepared = await prepareModules({ configFile: opts.configFile, logger });
  } catch (err) {
    return reportError(err);
  }
  const { loaded, host } = prepared;
  const entries = new Map([...host.handles.values()].map((h) => [h.instance, h.entry]));
  if (entries.size === 0) {
    process.stderr.write(`error: ${loaded.file} configures no modules (modules: is empty)\n`);
    return ExitCodes.usage;
  }
  if (opts.instance !== undefined && !entries.has(opts.instance)) {
    process.stderr.write(`error: ${loaded.file} has no module instance '${opts.instance}' (configured: ${[...entries.keys()].join(', ')})\n`);
    return ExitCodes.usage;
  }
  const others = Object.fromEntries(entries) as Record<string, ModuleEntry>;
  const rows: Row[] = [];
  for (const [instance, entry] of entries) {
    if (opts.instance !== undefined && instance !== opts.instance) continue;
    const handle = host.handles.get(instance)!;
    // An in-process module says its kinds now; a remote one says what else it provides when opened.
    const kinds = new Set<string>(handle.def ? [handle.def.kind, ...(handle.def.provides ?? [])] : [handle.kind]);
    const open = async () => {
      const opened = await openEntry({ instance, entry, logger, configFile: loaded.file, config: loaded.config as unknown as Record<string, unknown>, others });
      for (const k of opened.kinds) kinds.add(k);
      return opened;
    };
    const done = new Set<string>();
    for (let kind: string | undefined = [...kinds][0]; kind !== undefined; kind = [...kinds].find((k) => !done.has(k))) {
      done.add(kind);
      if (!opts.json) process.stderr.write(`testing ${instance} (${kind})...\n`);
      const run = await runSuite(kind, open, { caseTimeoutMs: opts.caseTimeoutMs });
      rows.push({ instance, kind, suite: run.outcome === 'no suite' ? '-' : kind, result: resultOf(run), run });
    }
  }
  const failed = rows.some((r) => r.run.outcome === 'failed' || r.run.outcome === 'error');
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(rows.map(({ run, ...r }) => ({ ...r, outcome: run.outcome, detail: run.detail, cases: run.cases })), null, 2)}\n`);
  } else {
    process.stdout.write(`${formatTable(rows, ['instance', 'kind', 'suite', 'result'])}\n`);
    for (const r of rows) {
      for (const c of r.run.cases.filter((x) => !x.passed)) process.stdout.write(`\nFAIL ${r.instance} (${r.kind}) › ${c.title}\n  ${indent(c.reason ?? '')}\n`);
      if (r.run.detail) process.stdout.write(`\n${r.run.outcome.toUpperCase()} ${r.instance} (${r.kind}): ${r.run.detail}\n`);
    }
  }
  return failed ? ExitCodes.failure : ExitCodes.ok;
}

function resultOf(run: SuiteRun): string {
  const passed = run.cases.filter((c) => c.passed).length;
  switch (run.outcome) {
    case 'passed':
      return `passed ${passed}/${run.cases.length}`;
    case 'failed':
      return `FAILED ${run.cases.length - passed}/${run.cases.length} (below)`;
    case 'no suite':
      return 'no suite';
    case 'skipped':
      return 'skipped (below)';
    case 'error':
      return 'ERROR (below)';
  }
}

function indent(text: string): string {
  return text.split('\n').join('\n  ');
}
