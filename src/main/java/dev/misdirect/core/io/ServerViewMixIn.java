package dev.misdirect.core.io;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * Jackson mix-in for {@link dev.misdirect.core.timeline.ServerView}: a document written before the {@code misrouted}
 * flag existed reads as "not misrouted" instead of being refused for a missing boolean.
 */
abstract class ServerViewMixIn {
    @JsonSetter(nulls = Nulls.AS_EMPTY)
    boolean misrouted;
}
