/** One line per verb: the syntax people type and what it does. `/incident help` prints these. */
export const USAGE = {
  help: { syntax: '/incident help', does: 'show these commands' },
  declare: {
    syntax: '/incident declare [sevN] [service:NAME] [private] TITLE…',
    does: 'open an incident (no title: open the declare form)',
  },
  status: {
    syntax: '/incident status investigating|identified|monitoring|resolved [MESSAGE…]',
    does: 'move the incident along its lifecycle',
  },
  update: { syntax: '/incident update MESSAGE…', does: 'post a status update (resets the update reminder)' },
  sev: { syntax: '/incident sev N [REASON…]', does: 'change the severity (1 is worst, 4 is least)' },
  assign: { syntax: '/incident assign commander|deputy|scribe|comms @user', does: 'give someone a role' },
  note: { syntax: '/incident note TEXT…', does: 'add a note to the timeline' },
  action: {
    syntax: '/incident action TEXT… [@owner] [due:YYYY-MM-DD]',
    does: 'record a follow-up action',
  },
  actions: { syntax: '/incident actions', does: "list the incident's follow-up actions" },
  done: { syntax: '/incident done ACTION-ID', does: 'mark a follow-up action done (e.g. A2)' },
  set: {
    syntax: '/incident set impact-start|detected|mitigated TIME',
    does: 'correct a milestone (HH:MM in your time zone, or ISO 8601)',
  },
  runbook: { syntax: '/incident runbook [SERVICE]', does: "show the service's runbook" },
  resolve: { syntax: '/incident resolve [SUMMARY…]', does: 'resolve the incident and draft its postmortem' },
  reopen: { syntax: '/incident reopen REASON…', does: 'reopen a resolved incident' },
  close: { syntax: '/incident close', does: 'close a resolved incident for good' },
  postmortem: { syntax: '/incident postmortem', does: '(re)generate the postmortem draft' },
  handoff: { syntax: '/incident handoff @user [NOTES…]', does: 'hand command over, with a written brief' },
  shift: { syntax: '/incident shift [12h]', does: 'on-call shift report for the last window' },
  oncall: { syntax: '/incident oncall [SERVICE]', does: 'who is on call now (PagerDuty)' },
  list: { syntax: '/incident list', does: 'open incidents' },
  stats: {
    syntax: '/incident stats [90d] [service:NAME] [sevN]',
    does: 'MTTA/MTTM/MTTR: median, p90, n and the DORA band',
  },
} as const;

export type Verb = keyof typeof USAGE;
export const VERBS = Object.keys(USAGE) as Verb[];

/** Commands that act on one incident: named as `INC-n` right after the verb, or implied by the channel. */
export const INCIDENT_VERBS: ReadonlySet<Verb> = new Set<Verb>([
  'status',
  'update',
  'sev',
  'assign',
  'note',
  'action',
  'actions',
  'done',
  'set',
  'resolve',
  'reopen',
  'close',
  'postmortem',
  'handoff',
]);

export function usageOf(verb: Verb): string {
  return `Usage: ${USAGE[verb].syntax}`;
}
