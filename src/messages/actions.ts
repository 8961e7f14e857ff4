/**
 * Every action id a message can carry, in one place: the message builders put them on buttons,
 * the Slack listeners wait for them, and the Slack fallback acknowledges anything else. A test
 * renders every message and checks that each id has a listener, and each listener an id.
 */
export const ACTIONS = {
  takeCommand: 'take_command',
  updateStatus: 'update_status',
  addNote: 'add_note',
  resolve: 'resolve',
  /** Applies a milestone correction that was asked about (it moves a duration by over a day). */
  confirmMilestone: 'confirm_milestone',
} as const;

/** What a button does; the Slack adapter routes on it. */
export type ButtonAction = (typeof ACTIONS)[keyof typeof ACTIONS];

export const BUTTON_ACTIONS: readonly ButtonAction[] = Object.values(ACTIONS);

/**
 * Link buttons (a runbook's dashboards) open their URL in the browser; Slack still reports the
 * click, under an id that must be unique in the message: `open_link_0`, `open_link_1`, …
 */
export function linkAction(index: number): string {
  return `open_link_${index}`;
}
export const LINK_ACTION = /^open_link_\d+$/;

/** Whether Firewatch has a listener for this action id. */
export function isKnownAction(id: string): boolean {
  return (BUTTON_ACTIONS as readonly string[]).includes(id) || LINK_ACTION.test(id);
}
