import type { Behaviour } from '../behaviour.js';
import type { Fault } from './fault.js';
import ackTsDiffers from './ack-ts-differs.js';
import addedLatency from './added-latency.js';
import connectRateLimited from './connect-rate-limited.js';
import acksWithoutTs from './acks-without-ts.js';
import barePingIgnored from './bare-ping-ignored.js';
import lateReplies from './late-replies.js';
import losesQueuedEvents from './loses-queued-events.js';
import missingTokenInvalidAuth from './missing-token-invalid-auth.js';
import okAsString from './ok-as-string.js';
import queuedTwice from './queued-twice.js';
import chatty from './chatty.js';
import closeOnUnknownType from './close-on-unknown-type.js';
import closesAtOnce from './closes-at-once.js';
import dropAck from './drop-ack.js';
import dropsConnections from './drops-connections.js';
import duplicatesDeliveries from './duplicates-deliveries.js';
import losesDeliveries from './loses-deliveries.js';
import reordersDeliveries from './reorders-deliveries.js';
import duplicateAck from './duplicate-ack.js';
import duplicateTs from './duplicate-ts.js';
import errorWithoutReplyTo from './error-without-reply-to.js';
import eventBeforeHello from './event-before-hello.js';
import garbageFrames from './garbage-frames.js';
import globalIds from './global-ids.js';
import handshakeReject from './handshake-reject.js';
import lenientAuth from './lenient-auth.js';
import malformedRateLimit from './malformed-rate-limit.js';
import manglesUnicode from './mangles-unicode.js';
import neverBroadcasts from './never-broadcasts.js';
import noExpiry from './no-expiry.js';
import noHello from './no-hello.js';
import noSizeLimit from './no-size-limit.js';
import noUserTyping from './no-user-typing.js';
import numericTs from './numeric-ts.js';
import pongDropsArgs from './pong-drops-args.js';
import presenceSubAdds from './presence-sub-adds.js';
import presenceToAll from './presence-to-all.js';
import rateLimited from './rate-limited.js';
import refusesEverything from './refuses-everything.js';
import slackRateLimit from './slack-rate-limit.js';
import reorderAcks from './reorder-acks.js';
import reusableUrl from './reusable-url.js';
import shortUrlTtl from './short-url-ttl.js';
import silentAfterUpgrade from './silent-after-upgrade.js';
import silentUnknown from './silent-unknown.js';
import sizeClose1009 from './size-close-1009.js';
import slowAcks from './slow-acks.js';
import strictSizeLimit from './strict-size-limit.js';
import stringErrorCodes from './string-error-codes.js';
import thinConnectResponse from './thin-connect-response.js';
import typingReplies from './typing-replies.js';
import unsortableTs from './unsortable-ts.js';
import urlDetection from './url-detection.js';
import utf16TextLimit from './utf16-text-limit.js';
import wrongReplyTo from './wrong-reply-to.js';

export type { Fault } from './fault.js';

/** Every fault and variation, by name. */
export const FAULTS: ReadonlyMap<string, Fault> = new Map(
  [
    duplicateAck,
    dropAck,
    wrongReplyTo,
    eventBeforeHello,
    noHello,
    reusableUrl,
    noExpiry,
    noSizeLimit,
    closeOnUnknownType,
    duplicateTs,
    unsortableTs,
    pongDropsArgs,
    typingReplies,
    errorWithoutReplyTo,
    thinConnectResponse,
    lenientAuth,
    globalIds,
    numericTs,
    strictSizeLimit,
    utf16TextLimit,
    stringErrorCodes,
    noUserTyping,
    presenceSubAdds,
    presenceToAll,
    malformedRateLimit,
    shortUrlTtl,
    manglesUnicode,
    reorderAcks,
    chatty,
    urlDetection,
    handshakeReject,
    sizeClose1009,
    silentUnknown,
    rateLimited,
    closesAtOnce,
    silentAfterUpgrade,
    garbageFrames,
    refusesEverything,
    acksWithoutTs,
    neverBroadcasts,
    slowAcks,
    dropsConnections,
    losesDeliveries,
    duplicatesDeliveries,
    reordersDeliveries,
    losesQueuedEvents,
    queuedTwice,
    ackTsDiffers,
    barePingIgnored,
    missingTokenInvalidAuth,
    okAsString,
    lateReplies,
    slackRateLimit,
    addedLatency,
    connectRateLimited,
  ].map((f) => [f.name, f]),
);

/** The one message for a name that is not in the catalogue; undefined for a known one. */
export function unknownFaultMessage(name: string): string | undefined {
  return FAULTS.has(name) ? undefined : `unknown fault "${name}" (see serve --list-faults)`;
}

/** Applies named faults to a behaviour; throws naming an unknown one. */
export function applyFaults(behaviour: Behaviour, names: readonly string[]): Behaviour {
  for (const name of names) {
    const unknown = unknownFaultMessage(name);
    if (unknown) throw new Error(unknown);
    FAULTS.get(name)!.apply(behaviour);
  }
  return behaviour;
}
