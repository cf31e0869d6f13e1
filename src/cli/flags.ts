/**
 * A command-line flag parser that reads flags the way kubectl does. It accepts `--name value`,
 * `--name=value`, `-n value`, `-nvalue` and `-n=value`. Short booleans combine, as in `-it`, and the
 * last letter may take a value. Booleans accept `--flag=false`. Flags may come before or after
 * positional arguments, and everything after `--` is left unparsed.
 */
import { UsageError } from './usage-error.js';

export interface FlagSpec {
  /** Long name without dashes, such as `namespace`. */
  name: string;
  /** One-letter short name, such as `n`. */
  short?: string | undefined;
  /** True when the flag takes a value; false for a boolean flag. */
  takesValue: boolean;
}

export interface ParsedFlags {
  /** Values by long name: a string for value flags, a boolean for boolean flags. Last one wins. */
  values: Map<string, string | boolean>;
  /** Arguments that are not flags, before `--`. */
  positionals: string[];
  /** Arguments after `--`, or undefined when there was no `--`. */
  afterDoubleDash: string[] | undefined;
}

function parseBoolean(flag: string, text: string, subcommand: string): boolean {
  if (/^(true|1|t)$/i.test(text)) return true;
  if (/^(false|0|f)$/i.test(text)) return false;
  throw new UsageError(`invalid value "${text}" for ${flag}: expected true or false`, subcommand);
}

export interface ParseOptions {
  /** Treat unknown flags as positional arguments instead of failing, to diagnose a missing `--`. */
  unknownAsPositional?: boolean | undefined;
}

/** Parses `args` against `specs`; throws UsageError for an unknown flag or a missing value. */
export function parseFlags(args: readonly string[], specs: readonly FlagSpec[], subcommand: string, options: ParseOptions = {}): ParsedFlags {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const byShort = new Map(specs.filter((spec) => spec.short).map((spec) => [spec.short as string, spec]));
  const values = new Map<string, string | boolean>();
  const positionals: string[] = [];

  const takeValue = (flag: string, index: number): string => {
    const value = args[index];
    if (value === undefined) throw new UsageError(`flag needs an argument: ${flag}`, subcommand);
    return value;
  };

  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '--') return { values, positionals, afterDoubleDash: args.slice(index + 1) };

    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      const name = arg.slice(2, equals === -1 ? undefined : equals);
      const spec = byName.get(name);
      if (!spec && options.unknownAsPositional) {
        positionals.push(arg);
        continue;
      }
      if (!spec) throw new UsageError(`unknown flag: --${name}`, subcommand);
      const inline = equals === -1 ? undefined : arg.slice(equals + 1);
      if (spec.takesValue) values.set(name, inline ?? takeValue(`--${name}`, ++index));
      else values.set(name, inline === undefined ? true : parseBoolean(`--${name}`, inline, subcommand));
      continue;
    }

    if (arg.startsWith('-') && arg.length > 1 && options.unknownAsPositional && !byShort.has(arg[1] as string)) {
      positionals.push(arg);
      continue;
    }

    if (arg.startsWith('-') && arg.length > 1) {
      // Short flags can be combined: every letter is a boolean until one takes a value.
      for (let position = 1; position < arg.length; position++) {
        const letter = arg[position] as string;
        const spec = byShort.get(letter);
        if (!spec) throw new UsageError(`unknown shorthand flag: '${letter}' in ${arg}`, subcommand);
        if (!spec.takesValue) {
          values.set(spec.name, true);
          continue;
        }
        const rest = arg.slice(position + 1);
        const inline = rest.startsWith('=') ? rest.slice(1) : rest;
        values.set(spec.name, inline !== '' ? inline : takeValue(`-${letter}`, ++index));
        break;
      }
      continue;
    }

    positionals.push(arg);
  }
  return { values, positionals, afterDoubleDash: undefined };
}

/** Returns the string value of a value flag, or undefined when it was not given. */
export function stringFlag(parsed: ParsedFlags, name: string): string | undefined {
  const value = parsed.values.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** Returns whether a boolean flag was set (and not set to false). */
export function booleanFlag(parsed: ParsedFlags, name: string): boolean {
  return parsed.values.get(name) === true;
}
