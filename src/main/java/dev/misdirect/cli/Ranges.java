package dev.misdirect.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Picocli converters for every numeric option: each refuses a value outside its range while the command line is
 * parsed, so a number never overflows further in (a timeout above 2³¹−1 ms once wrapped round to one second).
 * Picocli reports the refusal as "Invalid value for option '--x' (N): reason" with exit 2.
 */
final class Ranges {
    /** The longest timeout any option accepts: ten minutes. */
    static final long MAX_TIMEOUT_MS = 600_000;
    /** The most authorities probed at once. */
    static final int MAX_CONCURRENCY = 64;

    private Ranges() {
    }

    static long parse(String value, long min, long max, String unit) {
        long n;
        try {
            n = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw new TypeConversionException(n + " is outside " + min + ".." + max + unit);
        }
        return n;
    }

    /** A timeout in milliseconds, 1..600000. */
    static final class TimeoutMillis implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parse(value, 1, MAX_TIMEOUT_MS, " ms");
        }
    }

    /** A timeout in seconds, 1..600. */
    static final class TimeoutSeconds implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) parse(value, 1, MAX_TIMEOUT_MS / 1000, " seconds");
        }
    }

    /** How many authorities are probed at once, 1..64. */
    static final class Concurrency implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) parse(value, 1, MAX_CONCURRENCY, "");
        }
    }

    /** A TCP port to listen on, 1..65535. */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) parse(value, 1, 65535, "");
        }
    }
}
