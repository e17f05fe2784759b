/**
 * How a handled update answers: the step a handler returns, the sender of the update's channel,
 * and the officials' desk as the inbound handler sees it.
 */
import type {
  ChannelName,
  InboundEvent,
  OutboundMessage,
  SendResult,
} from '../../channels/types.ts';
import type { ChatState } from '../chat-state.ts';

/**
 * Sends straight to the chat an update came from (answers to the citizen in the flow), through
 * the sender of the update's channel, and on Telegram through the bot it came to (`bot`, the
 * event's).
 */
export type ReplySender = (
  message: OutboundMessage,
  channel: ChannelName,
  bot?: string,
) => Promise<SendResult>;

/** Result of one step of a handler: the new state and what to send back. */
export interface StepResult {
  state: ChatState;
  messages: OutboundMessage[];
  /** Short text for the button press (answerCallbackQuery). */
  toast?: string;
  /**
   * The person erased their data: once the replies are sent, the session row (keyed by their
   * chat) is deleted rather than kept.
   */
  forget?: boolean;
}

/** Officials' side (alerts, actions, replies); returns undefined when the event is not theirs. */
export interface OfficialDesk {
  handle(event: InboundEvent, state: ChatState): Promise<StepResult | undefined>;
}
