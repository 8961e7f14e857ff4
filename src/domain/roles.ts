export const ROLES = ['commander', 'deputy', 'scribe', 'comms'] as const;
export type Role = (typeof ROLES)[number];

const ALIASES: Record<string, Role> = {
  commander: 'commander',
  ic: 'commander',
  lead: 'commander',
  deputy: 'deputy',
  scribe: 'scribe',
  comms: 'comms',
  communications: 'comms',
};

export function parseRole(text: string): Role | undefined {
  return ALIASES[text.trim().toLowerCase()];
}

export const ROLE_TITLE: Record<Role, string> = {
  commander: 'Commander',
  deputy: 'Deputy',
  scribe: 'Scribe',
  comms: 'Comms',
};
