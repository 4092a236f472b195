import { z } from 'zod';

/**
 * The frames of https://api.slack.com/legacy/rtm, one schema per kind the page describes. Loose objects: the page
 * lets servers add fields ("New event types will be added in the future"), so only what the page states is
 * required; everything else rides along untouched.
 */
const ErrorBody = z.looseObject({ code: z.number(), msg: z.string() });

export const FRAME_SCHEMAS = {
  /** "the first event received will be a hello: { "type": "hello" }" (#basics) */
  hello: z.looseObject({ type: z.literal('hello') }),
  /** "a boolean ok indicating whether they succeeded and an integer reply_to" (#handling-responses), with the canonical ts. */
  ack: z.looseObject({ ok: z.literal(true), reply_to: z.number().int(), ts: z.string(), text: z.string().optional() }),
  /** "If there is an error processing an event the message server will reply with an error" (#errors). */
  'ack-error': z.looseObject({ ok: z.literal(false), reply_to: z.number().int(), error: ErrorBody }),
  /** "{ "type": "pong", "reply_to": 1234 }" plus the ping's flat arguments (#ping-pong). */
  pong: z.looseObject({ type: z.literal('pong'), reply_to: z.number().int() }),
  /** The error event, e.g. a used or expired socket URL: {"type":"error","error":{"code":1,"msg":…}} (#errors). */
  error: z.looseObject({ type: z.literal('error'), error: ErrorBody }),
  /** "The server can send a goodbye event to indicate the client should reconnect" (#goodbye). */
  goodbye: z.looseObject({ type: z.literal('goodbye') }),
  /** A message event other members receive (#events). */
  message: z.looseObject({
    type: z.literal('message'),
    channel: z.string(),
    text: z.string().optional(),
    ts: z.string(),
    user: z.string().optional(),
  }),
  /** presence_change, batched (`users`) or single (`user`) (#presence). */
  presence_change: z.looseObject({
    type: z.literal('presence_change'),
    presence: z.string(),
    user: z.string().optional(),
    users: z.array(z.string()).optional(),
  }),
  /** user_typing, sent to the channel's other members (#typing-indicators). */
  user_typing: z.looseObject({ type: z.literal('user_typing'), channel: z.string(), user: z.string() }),
} as const;

export type FrameKind = keyof typeof FRAME_SCHEMAS;
export type FrameOf<K extends FrameKind> = z.infer<(typeof FRAME_SCHEMAS)[K]>;

/** Any JSON object the target sent, before it was read. */
export type RawFrame = Record<string, unknown>;

/**
 * A frame as checks read it: one of the kinds the page describes, typed; an event of another type (legal:
 * servers add event types); a frame that claims a kind but breaks its schema (with the first problem); or a
 * frame that is none of these (no type, no reply_to).
 */
export type RtmFrame =
  | { [K in FrameKind]: { kind: K; frame: FrameOf<K>; raw: RawFrame } }[FrameKind]
  | { kind: 'event'; type: string; raw: RawFrame }
  | { kind: 'malformed'; claimed: FrameKind; problem: string; raw: RawFrame }
  | { kind: 'other'; raw: RawFrame };

/** Which kind a frame claims to be: its reply_to makes it a reply (ack or pong), else its type. */
export function claimedKind(raw: RawFrame): FrameKind | undefined {
  if ('reply_to' in raw) return raw.type === 'pong' ? 'pong' : raw.ok === false ? 'ack-error' : 'ack';
  if (typeof raw.type === 'string' && raw.type in FRAME_SCHEMAS) return raw.type as FrameKind;
  return undefined;
}

/** Reads a frame once: the kind it claims, checked against that kind's schema. */
export function readFrame(raw: RawFrame): RtmFrame {
  const claimed = claimedKind(raw);
  if (claimed === undefined)
    return typeof raw.type === 'string' ? { kind: 'event', type: raw.type, raw } : { kind: 'other', raw };
  const parsed = FRAME_SCHEMAS[claimed].safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'malformed', claimed, problem: `${issue.path.join('.') || '(frame)'}: ${issue.message}`, raw };
  }
  return { kind: claimed, frame: parsed.data, raw } as RtmFrame;
}

/** The frame as `kind`, when it is one and well formed. */
export function as<K extends FrameKind>(frame: RtmFrame, kind: K): FrameOf<K> | undefined {
  return frame.kind === kind ? (frame as unknown as { frame: FrameOf<K> }).frame : undefined;
}
