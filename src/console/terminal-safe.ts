import type { ConsoleOutput } from './console-chat.js';

/**
 * Control characters (C0 but line feed and tab, DEL, C1) and bidirectional overrides. In a title
 * they would reach the terminal as commands (`ESC ] 0;…` retitles the window, `ESC [ 2J` clears
 * it) or make text read differently from what it is (U+202E reverses what follows).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, '');
}

/** An output that strips what a terminal would act on from everything written to it. */
export function terminalSafeOutput(output: ConsoleOutput): ConsoleOutput {
  return { write: (text: string) => output.write(terminalSafe(text)) };
}
