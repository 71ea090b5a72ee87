/**
 * The CLI command contract. A command is data plus one `run` function; `main.ts` finds it by name
 * in `commands/index.ts`, handles `--help`, and turns the returned number into the exit status.
 *
 * Exit statuses: 0 success, 2 bad usage or bad input (the message says what to fix), 1 a bug.
 */

export interface CliIo {
  /** Writes to standard output (the command adds newlines). */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** Resolves a path argument the way the user typed it (relative to where they ran `npm run`). */
  resolvePath(argument: string): string;
}

export interface CliCommand {
  /** What the user types: `npm run cli -- <name> …` (may contain a space, e.g. "region build"). */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Full usage text printed by `<name> --help` and after a usage error. */
  readonly usage: string;
  run(args: readonly string[], io: CliIo): number | Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_BUG = 1;
export const EXIT_USAGE = 2;

/** Splits arguments into flags (`--json`) and positionals; `--` ends flags. */
export function splitArgs(args: readonly string[]): { flags: Set<string>; positionals: string[] } {
  const flags = new Set<string>();
  const positionals: string[] = [];
  let flagsEnded = false;
  for (const arg of args) {
    if (!flagsEnded && arg === '--') flagsEnded = true;
    else if (!flagsEnded && arg.startsWith('-') && arg.length > 1) flags.add(arg);
    else positionals.push(arg);
  }
  return { flags, positionals };
}
