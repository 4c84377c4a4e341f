package dev.misdirect.cli;

import dev.misdirect.core.model.Vantage;
import dev.misdirect.core.session.Target;
import picocli.CommandLine.Option;

import java.util.Optional;

/**
 * The {@code --vantage LABEL} option of the commands that run against a target: the label the session document
 * records as where the run happened (a region, a CI runner's label), so that {@code misdirect merge} can tell
 * vantages apart. The engine adds the host name, the resolver, the egress address and the time.
 */
final class VantageOption {
    @Option(names = "--vantage", paramLabel = "LABEL",
            description = "Where this runs (a region, a runner's label), recorded with the host name, resolver and egress address as the session's vantage; `misdirect merge` compares vantages.")
    String label;

    /** {@code target} recording this label; a label that is blank, too long or holds control characters is refused. */
    Target apply(Target target) {
        return validated().map(l -> target.withVantageLabel(Optional.of(l))).orElse(target);
    }

    /** The label, when given; a label that is blank, too long or holds control characters is refused. */
    Optional<String> validated() {
        if (label == null) {
            return Optional.empty();
        }
        Vantage.labelProblem(label).ifPresent(why -> {
            throw new BadInputException("--vantage: " + why);
        });
        return Optional.of(label);
    }
}
