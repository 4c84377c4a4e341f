package dev.misdirect.core.probe;

import dev.misdirect.core.model.HttpsRecord;
import dev.misdirect.core.model.HttpsRecords;
import dev.misdirect.core.names.IpLiterals;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.HTTPSRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SVCBBase;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * The DNS questions Misdirect asks through dnsjava (A, AAAA and HTTPS at one name) and how it reads the answers.
 * Every method returns at once; the answer completes the future on dnsjava's own threads, within the dnsjava
 * resolver's timeout. Cancelling a returned future abandons the question (dnsjava drops the late answer).
 */
final class DnsQueries {
    private DnsQueries() {
    }

    /**
     * The name asked for an authority's HTTPS records: the host itself for port 443, {@code _PORT._https.HOST}
     * otherwise (RFC 9460 §9.1).
     */
    static String httpsName(String host, int port) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return port == 443 ? h : "_" + port + "._https." + h;
    }

    /**
     * A and AAAA of {@code host} asked in parallel, A addresses first. Completes with an
     * {@link UnknownHostException} when the server says the name does not exist, or with a
     * {@link DnsQueryException} naming {@code source} when neither question got an answer; a name with one answer
     * and one failure gets the addresses that came.
     */
    static CompletableFuture<List<String>> addresses(org.xbill.DNS.Resolver resolver, String host, String source,
                                                     Duration timeout) {
        CompletableFuture<Answer> a = ask(resolver, host, Type.A, source, timeout);
        CompletableFuture<Answer> aaaa = ask(resolver, host, Type.AAAA, source, timeout);
        return a.thenCombine(aaaa, (four, six) -> {
            List<String> all = new ArrayList<>(four.addresses());
            all.addAll(six.addresses());
            if (!all.isEmpty()) {
                return List.copyOf(all.stream().distinct().toList());
            }
            Answer failed = four.error().isPresent() ? four : six;
            if (failed.error().isPresent()) {
                throw new CompletionException(new DnsQueryException(failed.error().get()));
            }
            if (four.nxdomain() || six.nxdomain()) {
                throw new CompletionException(new UnknownHostException(host + ": no such name (NXDOMAIN from "
                        + source + ")"));
            }
            return List.<String>of();
        });
    }

    /** The HTTPS records of the authority {@code host:port}; never completes exceptionally (unknown instead). */
    static CompletableFuture<HttpsRecords> https(org.xbill.DNS.Resolver resolver, String host, int port,
                                                 String source, Duration timeout) {
        String name = httpsName(host, port);
        return ask(resolver, name, Type.HTTPS, source, timeout).thenApply(answer -> {
            if (answer.error().isPresent()) {
                return HttpsRecords.unknown(name, source, answer.error().get());
            }
            if (answer.https().isEmpty()) {
                return HttpsRecords.none(name, source, answer.nxdomain() ? "NXDOMAIN" : "no HTTPS record");
            }
            return HttpsRecords.found(name, source, answer.https());
        });
    }

    /** What one question got: the records of its type, that the name does not exist, or why there is no answer. */
    private record Answer(List<String> addresses, List<HttpsRecord> https, boolean nxdomain, Optional<String> error) {
        static Answer failed(String why) {
            return new Answer(List.of(), List.of(), false, Optional.of(why));
        }
    }

    private static CompletableFuture<Answer> ask(org.xbill.DNS.Resolver resolver, String name, int type, String source,
                                                 Duration timeout) {
        String question = Type.string(type) + " query for " + name;
        Message query;
        try {
            query = Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(Answer.failed("the " + question + " cannot be asked: "
                    + e.getMessage()));
        }
        return resolver.sendAsync(query).toCompletableFuture().handle((response, failure) -> {
            if (failure != null) {
                return Answer.failed(describe(failure, question, source, timeout));
            }
            return read(response, type, question, source);
        });
    }

    private static Answer read(Message response, int type, String question, String source) {
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return new Answer(List.of(), List.of(), true, Optional.empty());
        }
        if (rcode != Rcode.NOERROR) {
            return Answer.failed(source + " answered the " + question + " with " + Rcode.string(rcode));
        }
        List<String> addresses = new ArrayList<>();
        List<HttpsRecord> https = new ArrayList<>();
        // A recursive server puts the CNAME chain and the records it ends at in one answer: take every record of
        // the type asked, whatever its owner name.
        for (org.xbill.DNS.Record r : response.getSection(Section.ANSWER)) {
            if (type == Type.A && r instanceof ARecord a) {
                addresses.add(text(a.getAddress()));
            } else if (type == Type.AAAA && r instanceof AAAARecord aaaa) {
                addresses.add(text(aaaa.getAddress()));
            } else if (type == Type.HTTPS && r instanceof HTTPSRecord h) {
                try {
                    https.add(record(h));
                } catch (UnknownHostException e) {
                    return Answer.failed(source + " served an HTTPS record whose address hint cannot be read: "
                            + e.getMessage());
                }
            }
        }
        https.sort(Comparator.comparingInt(HttpsRecord::priority));
        return new Answer(List.copyOf(addresses), List.copyOf(https), false, Optional.empty());
    }

    private static HttpsRecord record(HTTPSRecord h) throws UnknownHostException {
        List<String> alpn = List.of();
        boolean noDefaultAlpn = false;
        Optional<Integer> port = Optional.empty();
        List<String> v4 = List.of();
        List<String> v6 = List.of();
        Optional<Integer> ech = Optional.empty();
        for (int key : h.getSvcParamKeys()) {
            SVCBBase.ParameterBase p = h.getSvcParamValue(key);
            if (p instanceof SVCBBase.ParameterAlpn x) {
                alpn = x.getValues();
            } else if (p instanceof SVCBBase.ParameterNoDefaultAlpn) {
                noDefaultAlpn = true;
            } else if (p instanceof SVCBBase.ParameterPort x) {
                port = Optional.of(x.getPort());
            } else if (p instanceof SVCBBase.ParameterIpv4Hint x) {
                v4 = x.getAddresses().stream().map(DnsQueries::text).toList();
            } else if (p instanceof SVCBBase.ParameterIpv6Hint x) {
                v6 = x.getAddresses().stream().map(DnsQueries::text).toList();
            } else if (p instanceof SVCBBase.ParameterEch x) {
                ech = Optional.of(x.getData().length);
            } else if (p instanceof SVCBBase.ParameterEchConfig x) {
                ech = Optional.of(x.getData().length);
            }
        }
        return new HttpsRecord(h.getSvcPriority(), h.getTargetName().toString(), alpn, noDefaultAlpn, port, v4, v6,
                ech);
    }

    private static String text(InetAddress a) {
        return IpLiterals.toText(a.getAddress());
    }

    private static String describe(Throwable failure, String question, String source, Duration timeout) {
        Throwable c = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (c instanceof SocketTimeoutException || c instanceof TimeoutException) {
            return source + " did not answer the " + question + " within " + timeout.toMillis() + " ms";
        }
        return source + " could not be asked the " + question + ": " + (c.getMessage() == null ? c.toString()
                : c.getMessage());
    }

    /** A DNS question that got no usable answer; the message names the server, the question and why. */
    static final class DnsQueryException extends Exception {
        DnsQueryException(String message) {
            super(message);
        }
    }
}
