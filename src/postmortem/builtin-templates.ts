/**
 * The built-in templates. templates/ ships the same text for teams to edit; when a team's template
 * is missing or broken, these are used instead, so a draft is never lost.
 */
export const POSTMORTEM_TEMPLATE = `# {{id}}: {{title}}

| | |
|---|---|
| **Status** | Draft |
| **Severity** | {{severity}} |
| **Date** | {{date}} |
| **Service** | {{#if service}}{{service}}{{else}}–{{/if}} |
| **Commander** | {{commander}} |
| **Authors** | {{authors}} |

> Blameless draft written by Firewatch from the incident timeline at {{generatedAt}}. It describes
> what happened and how the system and the response behaved, not who is to blame. Replace every
> _prompt in italics_ with what the team learned.
{{#if impact.ongoing}}
> ⚠️ The incident is still {{currentStatus}}: this draft will change.
{{/if}}
{{#if recorded}}
>
> 📼 **Recorded after the fact**: {{recorded.how}}{{#if recorded.by}} by {{recorded.by}}{{/if}}{{#if recorded.at}} at {{recorded.at}}{{/if}}{{#if recorded.externalId}} (was {{recorded.externalId}}){{/if}}. It had no incident channel or page in Firewatch, so its timeline holds only what was recorded.
{{/if}}
{{#if errorBudget}}
{{#if errorBudget.required}}
>
> **Postmortem required** by the error-budget policy: {{errorBudget.required}}
{{/if}}
{{/if}}

## Summary

{{overview}}
{{#if description}}

{{description}}
{{/if}}

_In two or three sentences: what happened, who was affected, and how it ended._

## Impact

- Impact began: {{impact.started}}
- Impact ended: {{#if impact.ended}}{{impact.ended}}{{else}}not yet{{/if}}
- Duration: {{#if impact.duration}}{{impact.duration}}{{else}}still going{{/if}}
- Severity: {{severity}}{{#each impact.severityChanges}}{{#if @first}} (changes:{{/if}} {{this}}{{#if @last}}){{else}};{{/if}}{{/each}}

_Who and what was affected, in numbers: requests failed, customers or accounts affected, error budget
spent, support tickets raised._

{{#if errorBudget}}
## Error budget

| SLO | Objective | Budget | Spent | Share of budget | Left in window |
|---|---|---|---|---|---|
{{#each errorBudget.lines}}
| {{slo}} | {{objective}} | {{budget}} | {{spent}} | {{share}} | {{left}} |
{{/each}}
{{#each errorBudget.asks}}

{{this}}
{{/each}}

{{/if}}
## Key timestamps

| Milestone | UTC | {{zoneLabel}} |
|---|---|---|
{{#each timestamps}}
| {{label}} | {{utc}} | {{local}} |
{{/each}}

| Measure | Duration |
|---|---|
{{#each durations}}
| {{label}} ({{code}}) | {{value}} |
{{/each}}

TTD = detected − impact began; TTA = acknowledged − declared; TTM = mitigated − impact began;
TTR = resolved − impact began.

## Responders

| Person | Roles |
|---|---|
{{#each responders}}
| {{name}} | {{roles}} |
{{/each}}
{{#if handoffs.length}}

Hand-offs of command:

{{#each handoffs}}
- {{utc}} UTC: {{from}} → {{to}}{{#if notes}} — "{{notes}}"{{/if}}
{{/each}}
{{/if}}

## Detection

{{#if detection.detected}}
- Detected {{detection.detected}}, {{detection.ttd}} after impact began.
{{else}}
- When it was detected was not recorded.
{{/if}}
{{#if detection.declared}}
- Declared {{detection.declared}} by {{detection.declaredBy}}, {{detection.declaredAfter}} after detection.
{{else}}
- It was not declared while it happened: it was recorded afterwards.
{{/if}}
{{#if detection.paged}}
- The on-call was paged through PagerDuty at {{detection.paged}}.
{{/if}}

_How did we find out: an alert, a customer, a colleague? How could we have known sooner, and what
would have cut the time to detect in half?_

## Timeline

| UTC | {{zoneLabel}} | Event |
|---|---|---|
{{#each timeline}}
| {{utc}} | {{local}} | {{text}} |
{{/each}}
{{#if reopened.length}}

Reopened:
{{#each reopened}}
- {{utc}} UTC: {{reason}}
{{/each}}
{{/if}}

## Trigger and lead-up

{{#if trigger}}
The impact followed a change: deployment {{trigger.id}} of {{trigger.service}} (\`{{trigger.sha}}\`) to
{{trigger.environment}}{{#if trigger.creator}}, started by {{trigger.creator}}{{/if}}, finished {{trigger.finished}}, {{trigger.relation}}.
{{#if trigger.linkedBy}}{{trigger.linkedBy}} linked it as the cause{{#if trigger.note}}: "{{trigger.note}}"{{/if}}.
{{/if}}

{{#if trigger.changes.length}}
The change shipped these commits:

| Commit | Committed | Author |
|---|---|---|
{{#each trigger.changes}}
| \`{{sha}}\` | {{committed}} | {{author}} |
{{/each}}
{{else}}
The commits the change shipped are not known.
{{/if}}

_Tell the change's story as the people involved saw it at the time: what it was for, how it was
reviewed, tested and rolled out, and which signals were there. Ask the authors what they knew; the
question is how the system let the change cause harm, not who made it._
{{else}}
_What changed before the impact began: deploys, configuration, traffic, dependencies? Tell it as
the people involved saw it at the time, not with what we know now._
{{/if}}

## Contributing factors

_Which conditions allowed this to happen, or made it worse or longer? Ask "how did the system let
this happen?", never "who did it?". There is rarely a single root cause._

## Resolution

{{#if resolution}}{{resolution}}{{else}}_What mitigated the impact, and what resolved it for good?_{{/if}}

## What went well

_What helped: tooling, alerts, runbook steps, people's calls._

## What went wrong

_What slowed the response or made it harder._

## Where we got lucky

_What saved us that we cannot count on next time._

## Action items

| ID | Priority | Action | Owner | Due | Status |
|---|---|---|---|---|---|
{{#each actions}}
| {{id}} | {{priority}} | {{text}} | {{owner}} | {{due}} | {{status}} |
{{else}}
| – | | _None yet: add them with \`/incident action TEXT… [@owner] [due:YYYY-MM-DD] [p0…p3]\`._ | | | |
{{/each}}

## Links

{{#each links}}
- {{label}}: {{text}}
{{else}}
- _Dashboards, logs, graphs and documents that show what happened._
{{/each}}
{{#if wording.length}}

## Wording to revisit

A blameless check found phrases that can read as judging people or as hindsight. They are left as
written; consider rephrasing them around what the system allowed and what people knew at the time.

{{#each wording}}
- "{{phrase}}" in {{where}}: {{excerpt}}
{{/each}}
{{/if}}
`;

export const HANDOFF_TEMPLATE = `**Hand-off: {{id}} {{title}}**
{{from}} hands command to **{{to}}**.

• Severity {{severity}}, {{status}} for {{statusFor}}; impact began {{sinceImpact}} ago.
{{#if service}}
• Service: {{service}}{{#if channel}} · channel #{{channel}}{{/if}}
{{/if}}
{{#if lastUpdate}}
• Last update {{lastUpdate.ago}} ago by {{lastUpdate.by}}: "{{lastUpdate.text}}"
{{else}}
• No status update yet.
{{/if}}
{{#if nextUpdate}}
• Next update {{nextUpdate}}.
{{/if}}
• Roles: {{#each roles}}{{role}} {{holder}}{{#unless @last}}, {{/unless}}{{/each}}

{{#if notes}}
**Notes from {{from}}:**
{{notes}}

{{/if}}
**Open follow-ups ({{openActions.length}})**
{{#each openActions}}
• {{id}} {{text}} — {{owner}}{{#if due}}, due {{due}}{{/if}}
{{else}}
• None.
{{/each}}

**Recent timeline**
{{#each recent}}
• {{utc}}: {{text}}
{{/each}}

{{to}}: you now lead this incident. Say so in the channel, and post an update when you have your bearings.
`;
