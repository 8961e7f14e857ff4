import { FakeSlack } from '../../test/support/fake-slack.js';
import { argument, serveParent } from '../support/child-side.js';

/**
 * The test suite's fake Slack Web API in its own process, so that what it spends answering is
 * not charged to the process being measured. `--latency-ms` delays every Web API answer.
 */
const slack = new FakeSlack({ latencyMs: Number(argument('latency-ms', '0')) });
await slack.start();
const announceChannel = slack.createChannel('incidents', { members: [slack.botUserId] });
const port = Number(new URL(slack.url).port);

serveParent({ port, url: slack.apiUrl, info: { announceChannel: announceChannel.id } }, () => slack.stop(), {
  /**
   * The Web API calls received, in order, each tied to the incident it was for: by its channel's
   * name (`inc-12-…`), or by the incident id an announcement starts with.
   */
  timeline: () =>
    slack.calls.map((call) => {
      const channelId = String(call.args.channel ?? '');
      const announce = channelId === announceChannel.id;
      const name =
        call.method === 'conversations.create' ? String(call.args.name) : slack.channels.get(channelId)?.name;
      const incident = announce
        ? /INC-(\d+)\b/.exec(String(call.args.text ?? ''))?.[1]
        : /^[a-z]+-(\d+)-/.exec(name ?? '')?.[1];
      return { method: announce ? 'announce' : call.method, incident: incident ?? null };
    }),
  problems: () => slack.problems.slice(0, 20),
  reset: () => {
    slack.calls.length = 0;
    return true;
  },
});
