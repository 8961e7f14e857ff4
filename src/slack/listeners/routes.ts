import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';

/** A button click, as Bolt hands it to a listener. */
export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** A form submission, as Bolt hands it to a listener. */
export type SubmissionArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** An event of one type, as Bolt hands it to a listener. */
export type EventArgs<Type extends string> = SlackEventMiddlewareArgs<Type> & AllMiddlewareArgs;

/** What a button with this action id (or ids matching it) does. */
export interface ActionRoute {
  id: string | RegExp;
  handle(args: ButtonArgs): Promise<void>;
}

/** What a form with this callback id does when submitted. */
export interface SubmissionRoute {
  callbackId: string;
  handle(args: SubmissionArgs): Promise<void>;
}

/** What an event of this type does. */
export type EventRoutes = {
  [Type in 'reaction_added' | 'member_joined_channel' | 'member_left_channel']?: (
    args: EventArgs<Type>,
  ) => Promise<void>;
};

/** The route for an action id, if any. */
export function actionRoute(routes: readonly ActionRoute[], id: string): ActionRoute | undefined {
  return routes.find((route) => (typeof route.id === 'string' ? route.id === id : route.id.test(id)));
}
