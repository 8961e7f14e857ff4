import { HOUR } from '../../domain/time.js';
import { shiftReport } from '../../usecases/shift-report.js';
import { type Cursor, clip } from '../cursor.js';
import { parseWindow } from '../time.js';
import { replying, type VerbSpec } from '../verb.js';

export const DEFAULT_SHIFT_WINDOW = 12 * HOUR;

export type ShiftCommand = { verb: 'shift'; window: number };

export const shift: VerbSpec<ShiftCommand> = {
  name: 'shift',
  usage: '/incident shift [12h]',
  help: 'on-call shift report for the last window',
  group: 'Look back',
  parse(cursor: Cursor) {
    const word = cursor.next();
    cursor.end();
    const window = word ? parseWindow(word) : DEFAULT_SHIFT_WINDOW;
    if (!window) cursor.usage(`"${clip(word ?? '')}" is not a window; write it like 12h or 30m.`);
    return { verb: 'shift', window };
  },
  examples: [
    ['shift', { verb: 'shift', window: DEFAULT_SHIFT_WINDOW }],
    ['shift 8h', { verb: 'shift', window: 8 * HOUR }],
  ],
  // The report says who is on call, from PagerDuty.
  answerLater: (_command, { pagerConfigured }) => (pagerConfigured ? 'slow' : undefined),
  run: (command, { deps, actor }) => replying(shiftReport(deps, command, actor)),
};
