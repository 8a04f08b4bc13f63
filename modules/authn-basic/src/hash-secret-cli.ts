#!/usr/bin/env node
/**
 * plateau-hash-secret: prints the scrypt hash of a secret read from standard input, for the
 * `secret` of an authn-basic credentials entry. The secret is read from stdin (typed without echo
 * at a terminal, or piped), never taken as an argument, so it stays out of shell history and `ps`.
 */
import { hashSecret } from './secrets';

const USAGE = 'usage: plateau-hash-secret < secret-file   (or run it at a terminal and type the secret)\nprints scrypt$N$r$p$salt$hash for an authn-basic credentials entry\n';

/** Reads a secret typed at a terminal without echoing it. */
function readTyped(): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write('Secret (not shown): ');
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    let secret = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(secret);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003' || ch === '\u0004') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') secret = [...secret].slice(0, -1).join('');
        else secret += ch;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

/** Reads piped stdin to its end; one trailing newline (as `echo` or a file adds) is not part of the secret. */
async function readPiped(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function main(): Promise<number> {
  if (process.argv.slice(2).some((a) => a === '-h' || a === '--help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (process.argv.length > 2) {
    process.stderr.write(`plateau-hash-secret takes no arguments (the secret is read from stdin)\n${USAGE}`);
    return 2;
  }
  const secret = process.stdin.isTTY ? await readTyped() : await readPiped();
  if (secret === '') {
    process.stderr.write('plateau-hash-secret: the secret is empty\n');
    return 2;
  }
  if (secret.includes('\0')) {
    process.stderr.write('plateau-hash-secret: the secret holds a NUL character, which authn-basic never accepts\n');
    return 2;
  }
  process.stdout.write(`${hashSecret(secret)}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: Error) => {
    process.stderr.write(`plateau-hash-secret: ${err.message}\n`);
    process.exitCode = 1;
  },
);
