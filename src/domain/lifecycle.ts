export const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

/** Statuses a person can pick with `/incident status`; closing has its own command. */
export const ACTIVE_STATUSES = ['investigating', 'identified', 'monitoring'] as const;

/**
 * The lifecycle, as one table: from each status, the statuses it may move to.
 * resolved → investigating is a reopen and needs a reason (checked by the caller that knows the reason).
 */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  investigating: ['identified', 'monitoring', 'resolved'],
  identified: ['investigating', 'monitoring', 'resolved'],
  monitoring: ['investigating', 'identified', 'resolved'],
  resolved: ['investigating', 'closed'],
  closed: [],
};

export function canTransition(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isReopen(from: Status, to: Status): boolean {
  return from === 'resolved' && to === 'investigating';
}

/** Open means someone is still working on it. */
export function isOpen(status: Status): boolean {
  return status !== 'resolved' && status !== 'closed';
}

export function parseStatus(text: string): Status | undefined {
  const wanted = text.trim().toLowerCase();
  return STATUSES.find((status) => status === wanted);
}
