package dev.misdirect.core.io;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.misdirect.core.timeline.TimelineEvent;

/**
 * Jackson mix-in giving the sealed {@link TimelineEvent} family a {@code "type"} property, so the timeline records
 * stay free of annotations. The type names are part of the session format: never rename one.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TimelineEvent.DnsResolved.class, name = "dnsResolved"),
    @JsonSubTypes.Type(value = TimelineEvent.ConnectStarted.class, name = "connectStarted"),
    @JsonSubTypes.Type(value = TimelineEvent.ConnectFailed.class, name = "connectFailed"),
    @JsonSubTypes.Type(value = TimelineEvent.ConnectionOpened.class, name = "connectionOpened"),
    @JsonSubTypes.Type(value = TimelineEvent.ConnectionClosed.class, name = "connectionClosed"),
    @JsonSubTypes.Type(value = TimelineEvent.ConnectionAcquired.class, name = "connectionAcquired"),
    @JsonSubTypes.Type(value = TimelineEvent.RequestSent.class, name = "requestSent"),
    @JsonSubTypes.Type(value = TimelineEvent.ResponseReceived.class, name = "responseReceived"),
    @JsonSubTypes.Type(value = TimelineEvent.Misdirected.class, name = "misdirected"),
    @JsonSubTypes.Type(value = TimelineEvent.RetryScheduled.class, name = "retryScheduled"),
    @JsonSubTypes.Type(value = TimelineEvent.ExchangeFailed.class, name = "exchangeFailed"),
    @JsonSubTypes.Type(value = TimelineEvent.ServerObserved.class, name = "serverObserved"),
    @JsonSubTypes.Type(value = TimelineEvent.Note.class, name = "note"),
    @JsonSubTypes.Type(value = TimelineEvent.ConnectionReleased.class, name = "connectionReleased")
})
abstract class TimelineEventMixIn {
}
