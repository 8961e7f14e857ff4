import { isPerson } from './actors.js';
import type { NewEvent } from './events.js';
import { type FollowUp, type Incident, incidentId, type UserId } from './incident.js';

function withParticipant(participants: UserId[], user: UserId | undefined): UserId[] {
  if (!user || !isPerson(user) || participants.includes(user)) return participants;
  return [...participants, user];
}

/** Someone (back) in the channel: a participant, and no longer among those who left. */
function joined(incident: Incident, user: UserId): Incident {
  const left = incident.leftChannel ?? [];
  const rest = left.filter((other) => other !== user);
  const { leftChannel: _left, ...others } = incident;
  return {
    ...(rest.length > 0 ? { ...others, leftChannel: rest } : others),
    participants: withParticipant(incident.participants, user),
  };
}

function withCommander(incident: Incident, user: UserId, at: string): Incident {
  // The first commander other than the declarer marks the incident as acknowledged (TTA).
  const acknowledges = user !== incident.declaredBy && !incident.milestones.acknowledgedAt;
  // Given command, they are invited to the channel again if they had left it.
  return {
    ...joined(incident, user),
    roles: { ...incident.roles, commander: user },
    milestones: acknowledges ? { ...incident.milestones, acknowledgedAt: at } : incident.milestones,
  };
}

function updateAction(actions: FollowUp[], id: string, change: Partial<FollowUp>): FollowUp[] {
  return actions.map((action) => (action.id === id ? { ...action, ...change } : action));
}

/** The incident after one more event. Pure: the projection is the fold of its timeline. */
export function evolve(state: Incident | undefined, event: NewEvent): Incident {
  if (event.kind === 'declared') {
    const recorded = event.recorded;
    const commander = recorded ? recorded.commander : isPerson(event.actor) ? event.actor : undefined;
    return {
      id: incidentId(event.number),
      number: event.number,
      title: event.title,
      ...(event.description ? { description: event.description } : {}),
      severity: event.severity,
      status: 'investigating',
      ...(event.service ? { service: event.service } : {}),
      private: event.private,
      declaredBy: event.actor,
      // Declared by a person: they lead until someone takes over. By PagerDuty: nobody leads yet.
      // Recorded after the fact: whoever led it then, if known.
      roles: commander ? { commander } : {},
      participants: withParticipant(withParticipant([], event.actor), commander),
      milestones: recorded
        ? {
            impactStartedAt: recorded.impactStartedAt,
            detectedAt: recorded.detectedAt,
            declaredAt: event.at,
            ...(recorded.acknowledgedAt ? { acknowledgedAt: recorded.acknowledgedAt } : {}),
            ...(recorded.mitigatedAt ? { mitigatedAt: recorded.mitigatedAt } : {}),
          }
        : { impactStartedAt: event.at, detectedAt: event.at, declaredAt: event.at },
      statusSince: event.at,
      nudgedAt: {},
      actions: [],
      reopenCount: 0,
      reminders: {},
      ...(recorded ? { recordedAfterTheFact: true as const } : {}),
      ...(recorded?.externalId ? { externalId: recorded.externalId } : {}),
      ...(recorded?.unknown?.length ? { unknownMilestones: recorded.unknown } : {}),
    };
  }
  if (!state) throw new Error(`Event ${event.kind} has no incident to apply to`);
  const incident: Incident = { ...state, participants: withParticipant(state.participants, event.actor) };
  const { at } = event;

  switch (event.kind) {
    case 'status_changed':
      return {
        ...incident,
        status: event.to,
        statusSince: at,
        lastUpdate: { at, by: event.actor, text: event.message ?? `Status changed to ${event.to}.` },
        milestones:
          event.to === 'monitoring' && !incident.milestones.mitigatedAt
            ? { ...incident.milestones, mitigatedAt: at }
            : incident.milestones,
      };
    case 'update_posted':
      return { ...incident, lastUpdate: { at, by: event.actor, text: event.text } };
    case 'severity_changed':
      return { ...incident, severity: event.to };
    case 'role_assigned':
      if (event.role === 'commander') return withCommander(incident, event.user, at);
      return { ...joined(incident, event.user), roles: { ...incident.roles, [event.role]: event.user } };
    case 'handed_off':
      return withCommander(incident, event.to, at);
    case 'note_added':
      return { ...incident, participants: withParticipant(incident.participants, event.author) };
    case 'action_added':
      return {
        ...incident,
        actions: [
          ...incident.actions,
          {
            id: event.actionId,
            text: event.text,
            ...(event.owner ? { owner: event.owner } : {}),
            ...(event.due ? { due: event.due } : {}),
            ...(event.priority ? { priority: event.priority } : {}),
            status: 'open',
            createdAt: at,
            createdBy: event.actor,
          },
        ],
      };
    case 'action_done':
      return {
        ...incident,
        actions: updateAction(incident.actions, event.actionId, {
          status: 'done',
          doneAt: at,
          doneBy: event.actor,
        }),
      };
    case 'impact_recorded':
      return {
        ...incident,
        impacts: [
          ...(incident.impacts ?? []),
          {
            percent: event.percent,
            ...(event.slo ? { slo: event.slo } : {}),
            ...(event.from && event.to ? { from: event.from, to: event.to } : {}),
            recordedAt: at,
          },
        ],
      };
    case 'milestone_set': {
      const milestones = { ...incident.milestones, [event.milestone]: event.value };
      if (!incident.unknownMilestones) return { ...incident, milestones };
      // A correction makes its milestone known. The declaration of a recorded incident only ever
      // moves along with its detection (decisions.ts), so it stays a stand-in.
      const unknown = incident.unknownMilestones.filter(
        (name) => name === 'declaredAt' || name !== event.milestone,
      );
      const { unknownMilestones: _before, ...rest } = incident;
      return { ...rest, milestones, ...(unknown.length > 0 ? { unknownMilestones: unknown } : {}) };
    }
    case 'paged':
      return { ...incident, page: { dedupKey: event.dedupKey, service: event.service, triggeredAt: at } };
    case 'page_failed':
      return {
        ...incident,
        page: { ...(incident.page ?? { dedupKey: incident.id, service: event.service }), failedAt: at },
      };
    case 'page_resolved':
      return incident.page ? { ...incident, page: { ...incident.page, resolvedAt: at } } : incident;
    case 'pagerduty': {
      const page = incident.page
        ? {
            ...incident.page,
            ...(event.pagerdutyIncidentId ? { pagerdutyIncidentId: event.pagerdutyIncidentId } : {}),
            ...(event.url ? { pagerdutyUrl: event.url } : {}),
          }
        : undefined;
      const acknowledges = event.event === 'acknowledged' && !incident.milestones.acknowledgedAt;
      return {
        ...incident,
        ...(page ? { page } : {}),
        milestones: acknowledges ? { ...incident.milestones, acknowledgedAt: at } : incident.milestones,
      };
    }
    case 'participant_added':
      return joined(incident, event.user);
    case 'participant_left': {
      const left = incident.leftChannel ?? [];
      return left.includes(event.user) ? incident : { ...incident, leftChannel: [...left, event.user] };
    }
    case 'visibility_changed':
      return { ...incident, private: event.private };
    case 'postmortem_generated':
      return {
        ...incident,
        postmortem: { generatedAt: at, by: event.actor, ...(event.path ? { path: event.path } : {}) },
        ...(event.p0Required && !incident.p0RequestedAt ? { p0RequestedAt: at } : {}),
      };
    case 'resolved':
      return {
        ...incident,
        status: 'resolved',
        statusSince: at,
        ...(event.summary ? { summary: event.summary } : {}),
        lastUpdate: { at, by: event.actor, text: event.summary ?? 'Resolved.' },
        milestones: {
          ...incident.milestones,
          // Resolving implies the impact was mitigated by then at the latest; of an incident recorded
          // after the fact, an unknown mitigation stays unknown.
          ...(incident.milestones.mitigatedAt || !incident.recordedAfterTheFact
            ? { mitigatedAt: incident.milestones.mitigatedAt ?? at }
            : {}),
          resolvedAt: at,
        },
      };
    case 'reopened': {
      const { resolvedAt, closedAt: _closed, ...kept } = incident.milestones;
      // A mitigation that resolving filled in did not hold; one set by moving to monitoring stays.
      const { mitigatedAt: _mitigated, ...unmitigated } = kept;
      const milestones =
        kept.mitigatedAt !== undefined && kept.mitigatedAt === resolvedAt ? unmitigated : kept;
      return {
        ...incident,
        status: 'investigating',
        statusSince: at,
        milestones,
        reopenCount: incident.reopenCount + 1,
        lastUpdate: { at, by: event.actor, text: `Reopened: ${event.reason}` },
      };
    }
    case 'closed':
      return {
        ...incident,
        status: 'closed',
        statusSince: at,
        milestones: { ...incident.milestones, closedAt: at },
      };
    case 'reminder_sent':
      return { ...incident, nudgedAt: { ...incident.nudgedAt, [event.reminder]: at } };
    case 'cause_linked':
      return { ...incident, cause: event.cause };
    case 'cause_removed': {
      const { cause: _removed, ...rest } = incident;
      return rest;
    }
  }
}

export function evolveAll(state: Incident | undefined, events: readonly NewEvent[]): Incident {
  let incident = state;
  for (const event of events) incident = evolve(incident, event);
  if (!incident) throw new Error('No events to build an incident from');
  return incident;
}
