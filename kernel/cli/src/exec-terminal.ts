/**
 * `plateau task exec -it`: a command on a terminal in a task's container. The session is launched
 * with tty_info (this terminal's size); its output (the terminal's) goes to stdout; the keys typed
 * go, in raw mode, to its stdin through ATTACH_CONTAINER_INPUT, and each resize of this terminal
 * (SIGWINCH) as a TTY_INFO window size. The local terminal's mode is restored however it ends; the
 * exit status is the command's.
 */
import { AgentClient, type ContainerIdChain, ContainerInput, exitCodeOf, outputOf } from './client/index';

/** This terminal's size (24x80 when stdout is not a terminal). */
function sizeOf(out: NodeJS.WriteStream): { rows: number; columns: number } {
  return { rows: out.rows || 24, columns: out.columns || 80 };
}

/**
 * Runs `command` on a terminal in container `parent` on `agentAddress`; with `interactive`, this
 * process's stdin is its input. Resolves with its exit status.
 */
export async function execOnTerminal(agentAddress: string, parent: ContainerIdChain, command: { shell: boolean; value: string }, interactive: boolean): Promise<number> {
  const agent = new AgentClient(agentAddress);
  const stdin = process.stdin;
  const { containerId, output } = await agent.launchSession(parent, command, sizeOf(process.stdout));
  const input = ContainerInput.open(agentAddress, { value: containerId, parent });
  const raw = interactive && stdin.isTTY === true;
  const onData = (d: Buffer) => input.send(d);
  const onEnd = () => input.end();
  const onResize = () => {
    const s = sizeOf(process.stdout);
    input.resize(s.rows, s.columns);
  };
  try {
    if (interactive) {
      if (raw) stdin.setRawMode(true);
      stdin.on('data', onData);
      stdin.once('end', onEnd);
      stdin.resume();
    }
    process.on('SIGWINCH', onResize);
    for await (const record of output) {
      const piece = outputOf(record);
      if (piece) (piece.stream === 'STDOUT' ? process.stdout : process.stderr).write(piece.data);
    }
  } finally {
    process.removeListener('SIGWINCH', onResize);
    stdin.removeListener('data', onData);
    stdin.removeListener('end', onEnd);
    if (raw) stdin.setRawMode(false);
    stdin.pause();
    input.end();
    input.close();
  }
  return exitCodeOf(await agent.waitContainer(containerId, parent.value));
}
