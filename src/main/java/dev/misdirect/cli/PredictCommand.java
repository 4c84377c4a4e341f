package dev.misdirect.cli;

import dev.misdirect.core.coalesce.ClientPolicy;
import dev.misdirect.core.coalesce.Measurements;
import dev.misdirect.core.coalesce.PredictionInput;
import dev.misdirect.core.coalesce.Predictor;
import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.probe.DnsServer;
import dev.misdirect.core.probe.ProbeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code misdirect predict}: which clients would share a connection between which authorities, and why. */
@Command(name = "predict",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Probe the authorities (or read a saved session) and predict, per client, which of them would share",
            "one connection (HTTP/2 coalescing or a pool's keying), the rule that decided every pair, and how",
            "likely the origin is to answer 421 Misdirected Request for each shared pair."
        },
        footer = {
            "",
            "Clients: chromium-h2, chromium-h3, firefox, firefox-aggressive, okhttp, safari, curl, go,",
            "java-httpclient, undici, dotnet-h2, dotnet-h3, httpx, envoy-dfp, ip-keyed, isolated (or all, the default).",
            "Safari's pooling code is not public: its model claims only what reports show and says \"not predicted\"",
            "for the rest.",
            "",
            "Examples:",
            "  misdirect predict --resolve a.example:8443:127.0.0.2 --resolve b.example:8443:127.0.0.2 --cacert ca.pem a.example:8443 b.example:8443",
            "  misdirect probe --json a.example b.example > s.json && misdirect predict --session s.json --client firefox",
            "  misdirect predict --lab vhost-client-auth --client chromium-h2,okhttp",
            "",
            "Exit codes: 0 ran (shared connections and 421 risks are results), 2 bad usage or input,",
            "3 nothing at all was reachable."
        })
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AuthorityInput authorityInput = new AuthorityInput();

    @Mixin
    VantageOption vantage = new VantageOption();




    @Option(names = "--session", paramLabel = "FILE", description = "Predict from the probe results of this session document instead of probing.")
    Path sessionFile;

    @Option(names = "--client", paramLabel = "NAME|all", split = ",", description = "Clients to predict for (repeatable, comma separated; default: all).")
    List<String> clients = new ArrayList<>();

    @Option(names = "--origin", paramLabel = "AUTHORITY=ORIGIN[,ORIGIN]", description = "The connection of AUTHORITY received an ORIGIN frame (RFC 8336) listing these origins (repeatable).")
    List<String> originFrames = new ArrayList<>();

    @Option(names = "--h3", paramLabel = "AUTHORITY", description = "AUTHORITY advertises HTTP/3 (an Alt-Svc h3 header or "
            + "an HTTPS DNS record with alpn h3); chromium-h3 is predicted only between names that do (repeatable).")
    List<String> http3Advertised = new ArrayList<>();

    @Option(names = "--pin", paramLabel = "HOST=sha256/BASE64", description = "The client pins HOST to this SPKI hash (repeatable).")
    List<String> pins = new ArrayList<>();

    @Option(names = "--okhttp-custom-verifier", description = "The OkHttp client has its own HostnameVerifier (which turns its coalescing off).")
    boolean okHttpCustomVerifier;

    @Option(names = "--no-client-cert", description = "The client holds no client certificate, so a server asking for one does not stop browsers sharing.")
    boolean noClientCert;

    @Option(names = "--json", description = "Print the session document with the predictions instead of text.")
    boolean json;

    @Mixin
    IncludeSecrets secrets = new IncludeSecrets();

    @Mixin
    ResolverOption resolverOption = new ResolverOption();

    @Option(names = "--alt-svc", description = "Also send one HEAD / per authority on its own connection (no credentials) "
            + "and read the Alt-Svc header of the answer: HTTP/3 advertised there counts for chromium-h3.")
    boolean altSvc;

    @Option(names = "--lab", paramLabel = "SCENARIO",
            description = "Probe this lab scenario (started in-process, its name map and CA used) and predict for it.")
    String lab;

    @Option(names = "--fixed", description = "With --lab: run the scenario's fixed variant.")
    boolean fixed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<DnsServer> dnsServer = resolverOption.server(lab != null);
        Set<ClientPolicy> policies = policies();
        PredictionInput input = input();

        Session session;
        if (sessionFile != null && vantage.label != null) {
            throw new BadInputException("--vantage labels a probe; with --session nothing is probed (the document"
                    + " keeps its own vantage)");
        }
        if (sessionFile != null) {
            if (!authorityInput.authorityArgs.isEmpty() || authorityInput.file != null || !authorityInput.resolveOptions.isEmpty() || !authorityInput.caFiles.isEmpty()
                    || lab != null || dnsServer.isPresent() || altSvc) {
                throw new BadInputException("--session reads the probe results from " + sessionFile
                        + "; do not also give authorities, -f, --resolve, --resolver, --alt-svc, --cacert or --lab");
            }
            session = readSession(sessionFile);
        } else {
            if (fixed && lab == null) {
                throw new BadInputException("--fixed only applies with --lab");
            }
            if (lab != null && authorityInput.anyGiven()) {
                throw new BadInputException("--lab predicts for the scenario's own authorities; do not also give"
                        + " authorities, -f or --resolve");
            }
            ProbeCommand.Probed probed = ProbeCommand.probe(authorityInput, Optional.ofNullable(lab), fixed,
                    Optional.empty(), ProbeOptions.defaults(), Optional.empty(), dnsServer, altSvc, vantage, err);
            if (!ProbeCommand.anyReachable(probed.inspection().results())) {
                err.println("misdirect: nothing was reachable: no address of any authority accepted a TCP connection");
                return ExitCode.CANNOT_RUN;
            }
            session = Session.of("misdirect probe", probed.set(), Instant.now()).withLabScenario(probed.labScenario())
                    .withProbes(probed.inspection().results(), probed.inspection().findings())
                    .withVantage(probed.inspection().vantage());
        }

        Predictor predictor = new Predictor();
        List<CoalescingPrediction> predicted = predictor.predict(session.probes(), input, policies);
        // a session that holds a verify run (misdirect verify --json) settles the pairs it measured
        List<CoalescingPrediction> predictions = session.verifications().isEmpty() ? predicted
                : Measurements.apply(predicted, session.verifications().get(session.verifications().size() - 1));
        List<Finding> findings = predictor.findings(predictions);
        if (json) {
            List<Finding> all = Stream.concat(
                    session.findings().stream().filter(f -> f.cause() != FindingCause.COALESCING_PREDICTED),
                    findings.stream()).toList();
            out.println(secrets.codec().toJson(session.withProbes(session.probes(), all).withPredictions(predictions)));
        } else {
            PredictionText.print(out, predictions, findings);
        }
        out.flush();
        return ExitCode.OK;
    }

    private static Session readSession(Path f) {
        Session s;
        try {
            s = new SessionCodec().read(f);
        } catch (IOException e) {
            throw new BadInputException("--session " + e.getMessage(), e);
        }
        if (s.probes().isEmpty()) {
            throw new BadInputException("--session " + f + ": the session has no probe results; "
                    + "save one with 'misdirect probe --json AUTHORITY... > " + f.getFileName() + "'");
        }
        return s;
    }

    private Set<ClientPolicy> policies() {
        if (clients.isEmpty()) {
            return EnumSet.allOf(ClientPolicy.class);
        }
        Set<ClientPolicy> chosen = new LinkedHashSet<>();
        for (String c : clients) {
            if (c.trim().equalsIgnoreCase("all")) {
                return EnumSet.allOf(ClientPolicy.class);
            }
            chosen.add(ClientPolicy.byId(c).orElseThrow(() -> new BadInputException("--client " + c
                    + ": unknown client; choose one of " + ClientPolicy.ids() + ", or all")));
        }
        return chosen;
    }

    private PredictionInput input() {
        PredictionInput in = PredictionInput.defaults()
                .withOkHttpCustomHostnameVerifier(okHttpCustomVerifier)
                .withClientCertificate(!noClientCert);
        for (String o : originFrames) {
            int eq = o.indexOf('=');
            if (eq <= 0 || eq == o.length() - 1) {
                throw new BadInputException("--origin " + o + ": expected AUTHORITY=ORIGIN[,ORIGIN], e.g. "
                        + "a.example=https://b.example,https://c.example");
            }
            try {
                String connection = PredictionInput.authorityKey(o.substring(0, eq));
                Set<String> listed = new LinkedHashSet<>(in.originFrame(connection));
                listed.addAll(List.of(o.substring(eq + 1).split(",")));
                in = in.withOriginFrame(connection, listed);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--origin " + o + ": " + e.getMessage(), e);
            }
        }
        for (String h : http3Advertised) {
            try {
                in = in.withHttp3Advertised(h);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--h3 " + h + ": " + e.getMessage().replace("ORIGIN entry", "authority"), e);
            }
        }
        for (String p : pins) {
            int eq = p.indexOf('=');
            String value = eq > 0 ? p.substring(eq + 1) : "";
            if (eq <= 0 || !value.startsWith("sha256/") || value.length() == "sha256/".length()) {
                throw new BadInputException("--pin " + p + ": expected HOST=sha256/BASE64, e.g. "
                        + "b.example=sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
            }
            String host = p.substring(0, eq).trim();
            Set<String> all = new LinkedHashSet<>(in.pinsFor(host));
            all.add(value.substring("sha256/".length()));
            in = in.withPins(host, all);
        }
        return in;
    }
}
