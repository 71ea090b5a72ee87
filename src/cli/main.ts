/**
 * Entry point of `npm run cli -- <command> [args]` (package.json: "cli": "tsx src/cli/main.ts").
 * Commands live in ./commands; this file only dispatches, prints help and sets the exit status.
 */
import path from 'node:path';
import process from 'node:process';
import { EXIT_BUG, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from './command';
import { commands } from './commands';

const io: CliIo = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  // npm runs scripts from the package root; INIT_CWD is where the user typed the command.
  resolvePath: (argument) => path.resolve(process.env.INIT_CWD ?? process.cwd(), argument),
};

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Switchback command line',
    '',
    'Usage: npm run cli -- <command> [arguments]     (add --silent after "run" for clean output)',
    '       npm run cli -- <command> --help',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

/** Finds the command named by the leading arguments (names may have two words, e.g. "region build"). */
function findCommand(args: readonly string[]): { command: CliCommand; rest: readonly string[] } | undefined {
  for (const command of commands) {
    const words = command.name.split(' ');
    if (words.every((word, i) => args[i] === word)) return { command, rest: args.slice(words.length) };
  }
  return undefined;
}

export async function main(args: readonly string[]): Promise<number> {
  if (args.length === 0) {
    io.err(help());
    return EXIT_USAGE;
  }
  if (args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    io.out(help());
    return EXIT_OK;
  }
  const found = findCommand(args);
  if (!found) {
    io.err(`Unknown command "${args[0]}". Run "npm run cli -- --help" to list the commands.`);
    return EXIT_USAGE;
  }
  if (found.rest.includes('--help') || found.rest.includes('-h')) {
    io.out(found.command.usage);
    return EXIT_OK;
  }
  try {
    return await found.command.run(found.rest, io);
  } catch (error) {
    io.err(`${found.command.name} failed unexpectedly: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return EXIT_BUG;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
