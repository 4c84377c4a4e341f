package dev.misdirect.core.vantage;

import dev.misdirect.core.model.Severity;

import java.util.List;
import java.util.Objects;

/**
 * Vantages that disagree on one aspect of one authority (or one pair): the vantages grouped by what they measured,
 * the largest group first.
 *
 * @param aspect      what differs
 * @param subject     the authority key, or the pair as {@code carrier → passenger}
 * @param authorities the authority keys concerned
 * @param groups      vantages that measured alike, the largest group first (the first of the earliest vantage on a
 *                    tie); at least two
 * @param notMeasured the vantages that did not measure this (not probed, not verified)
 * @param severity    how much it matters
 */
public record Difference(Aspect aspect, String subject, List<String> authorities, List<Group> groups,
                         List<String> notMeasured, Severity severity) {
    public Difference {
        Objects.requireNonNull(aspect, "aspect");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(severity, "severity");
        authorities = List.copyOf(authorities);
        groups = List.copyOf(groups);
        notMeasured = List.copyOf(notMeasured);
        if (groups.size() < 2) {
            throw new IllegalArgumentException("a difference needs at least two groups");
        }
    }

    /**
     * Vantages that measured one value.
     *
     * @param value     the value in words
     * @param vantages  the vantages' names, in the session's order
     * @param addresses the addresses the value was seen on, in these vantages
     */
    public record Group(String value, List<String> vantages, List<String> addresses) {
        public Group {
            vantages = List.copyOf(vantages);
            addresses = List.copyOf(addresses);
        }
    }

    /** The vantages outside the largest group: the ones that see something else. */
    public List<String> differingVantages() {
        return groups.subList(1, groups.size()).stream().flatMap(g -> g.vantages().stream()).toList();
    }

    /** The addresses the differing vantages saw their values on. */
    public List<String> differingAddresses() {
        return groups.subList(1, groups.size()).stream().flatMap(g -> g.addresses().stream()).distinct().sorted().toList();
    }

    /** True when {@code vantage} is in a group other than the largest. */
    public boolean differs(String vantage) {
        return differingVantages().contains(vantage);
    }
}
