import { isPerson } from './actors.js';
import { FirewatchError } from './errors.js';
import { type Incident, type UserId, viewers } from './incident.js';

/**
 * Who may change an incident (INCIDENT_EDITORS), from loosest to strictest:
 * - `anyone`: anyone who can see it (the default, as in the tools Firewatch is modelled on);
 * - `participants`: only people taking part (declarer, role holders, people invited, who joined
 *   its channel or acted on it) and still in its channel, or typing in its channel;
 * - `roles`: as `participants`, and the changes that move reports and end the incident (milestone
 *   corrections, severity, resolve, reopen, close) need the commander or the deputy. While neither
 *   role is held (an incident PagerDuty declared), the `participants` rule applies to them too.
 */
export const INCIDENT_EDITORS = ['anyone', 'participants', 'roles'] as const;
export type IncidentEditors = (typeof INCIDENT_EDITORS)[number];

/** The changes INCIDENT_EDITORS=roles keeps for the commander and the deputy. */
export type GuardedChange = 'milestone' | 'severity' | 'resolve' | 'reopen' | 'close';
/** What a command does to an incident, for the rule above. */
export type IncidentChangeKind = 'change' | GuardedChange;

const DOING: Record<GuardedChange, string> = {
  milestone: 'correct its milestones',
  severity: 'change its severity',
  resolve: 'resolve it',
  reopen: 'reopen it',
  close: 'close it',
};

export function parseIncidentEditors(text: string): IncidentEditors | undefined {
  const wanted = text.trim().toLowerCase();
  return INCIDENT_EDITORS.find((mode) => mode === wanted);
}

export interface EditorCheck {
  editors: IncidentEditors;
  incident: Incident;
  user: UserId;
  change: IncidentChangeKind;
  /** The command was typed (or the button pressed) in the incident's own channel. */
  inItsChannel: boolean;
}

/** Why this person may not make this change, as the coded error they are shown; undefined if they may. */
export function editRefusal(check: EditorCheck): FirewatchError | undefined {
  const { editors, incident, user, change } = check;
  if (editors === 'anyone' || !isPerson(user)) return undefined;
  const takesPart = check.inItsChannel || viewers(incident).includes(user);
  if (!takesPart)
    return new FirewatchError(
      'NOT_ALLOWED',
      `Only the people taking part in ${incident.id} may change it.`,
      `Join its channel to take part (that makes you a participant), or ask someone in it. This workspace runs Firewatch with INCIDENT_EDITORS=${editors}.`,
    );
  if (editors !== 'roles' || change === 'change') return undefined;
  const { commander, deputy } = incident.roles;
  if (!commander && !deputy) return undefined;
  if (user === commander || user === deputy) return undefined;
  // Named by role, not by mention: refusals are plain text (Slack would show `<@U…>` escaped).
  const who =
    commander && deputy ? 'the commander or the deputy' : commander ? 'the commander' : 'the deputy';
  return new FirewatchError(
    'NOT_ALLOWED',
    `Only ${who} of ${incident.id} may ${DOING[change]}.`,
    'Ask them (the incident card names them), or ask the commander to hand over: /incident handoff @you',
  );
}
