import type { DurationShift } from '../domain/correction-policy.js';
import { DURATION_LABEL } from '../domain/durations.js';
import type { IncidentId } from '../domain/incident.js';
import { MILESTONE_LABEL, type MilestoneName, type SettableMilestone } from '../domain/milestones.js';
import { formatDuration, type Instant } from '../domain/time.js';
import { ACTIONS } from './actions.js';
import type { Reply } from './model.js';

/** What the confirm button carries: the whole correction, so nothing waits anywhere for the click. */
export interface PendingCorrection {
  incident: IncidentId;
  milestone: SettableMilestone;
  at: Instant;
}

/**
 * A correction that moves a duration by more than a day, asked about instead of applied: a button
 * that applies it, and the same command with `confirm` for the console (or for typing).
 */
export function confirmCorrection(
  correction: PendingCorrection,
  milestone: MilestoneName,
  shift: DurationShift,
): Reply {
  const direction = shift.byMs > 0 ? 'longer' : 'shorter';
  const command = `/incident set ${correction.incident} ${correction.milestone} ${correction.at} confirm`;
  return {
    message: {
      summary: [`Confirm: ${MILESTONE_LABEL[milestone]} of ${correction.incident}`],
      blocks: [
        {
          type: 'text',
          text: [
            '⚠️ Setting the ',
            MILESTONE_LABEL[milestone],
            ` of ${correction.incident} to `,
            { date: correction.at },
            ` makes its ${DURATION_LABEL[shift.duration].toLowerCase()} ${formatDuration(Math.abs(shift.byMs))} ${direction}. Nothing is changed yet.`,
          ],
        },
        {
          type: 'buttons',
          buttons: [
            {
              action: ACTIONS.confirmMilestone,
              label: 'Apply the correction',
              value: JSON.stringify(correction),
              style: 'danger',
            },
          ],
        },
        { type: 'text', text: ['If it is right, press the button, or type: ', { code: command }] },
      ],
    },
  };
}
