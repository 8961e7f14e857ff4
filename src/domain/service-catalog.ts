import { fail } from './errors.js';
import type { Service, ServiceCatalog } from './ports.js';

/** Known services by name or alias; an unknown one is refused with the known ones and the nearest. */
export function requireService(catalog: ServiceCatalog, name: string): Service {
  const service = catalog.find(name);
  if (service) return service;
  const known = catalog.services().map((candidate) => candidate.name);
  const suggestion = catalog.suggest(name);
  fail(
    'UNKNOWN_SERVICE',
    `There is no service "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
    known.length > 0
      ? `Known services: ${known.join(', ')}. Each is a runbook in the runbooks folder.`
      : 'No services are catalogued yet: add a runbook to the runbooks folder (see runbooks/_template.md).',
  );
}

/** RUNBOOK_BASE_URL + file name, when the runbooks are browsable somewhere. */
export function runbookLink(baseUrl: string | undefined, service: Service): string | undefined {
  if (!baseUrl) return undefined;
  return `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}${encodeURIComponent(service.file)}`;
}
