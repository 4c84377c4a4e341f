package dev.misdirect.interop;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Skips a test class, with a message naming the missing binary and the Debian package that installs it, when a real
 * program it runs against is not installed. CI installs all of them and fails the run when an interop test skipped.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresPrograms.Condition.class)
@interface RequiresPrograms {
    Program[] value();

    /** A real program the interop tests run against. */
    enum Program {
        APACHE_HTTPD(ApacheHttpd::available, ApacheHttpd.BINARY + " with mod_ssl and mod_http2 in " + ApacheHttpd.MODULES,
                "apache2"),
        NGINX(Nginx::available, Nginx.BINARY.toString(), "nginx"),
        HAPROXY(Haproxy::available, Haproxy.BINARY.toString(), "haproxy"),
        CADDY(Caddy::available, Caddy.BINARY.toString(), "caddy"),
        CHROMIUM(HeadlessChromium::available, HeadlessChromium.BINARY.toString(), "chromium"),
        UNBOUND(Unbound::available, Unbound.BINARY.toString(), "unbound"),
        TINYPROXY(Tinyproxy::available, Tinyproxy.BINARY.toString(), "tinyproxy"),
        PROMETHEUS(Promtool::prometheusAvailable, Promtool.PROMETHEUS + " and " + Promtool.BINARY, "prometheus");

        final BooleanSupplier installed;
        final String binary;
        final String debianPackage;

        Program(BooleanSupplier installed, String binary, String debianPackage) {
            this.installed = installed;
            this.binary = binary;
            this.debianPackage = debianPackage;
        }
    }

    /** Disables the class when one of its programs is missing; the reason is printed so a local run shows it. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            List<Program> missing = context.getTestClass()
                    .map(c -> c.getAnnotation(RequiresPrograms.class))
                    .map(r -> Arrays.stream(r.value()).filter(p -> !p.installed.getAsBoolean()).toList())
                    .orElse(List.of());
            if (missing.isEmpty()) {
                return ConditionEvaluationResult.enabled("every program it runs against is installed");
            }
            String reason = "skipped: " + String.join("; ", missing.stream().map(p -> p.binary + " not found (install the "
                    + "Debian package " + p.debianPackage + ")").toList());
            System.err.println(context.getDisplayName() + " " + reason);
            return ConditionEvaluationResult.disabled(reason);
        }
    }
}
