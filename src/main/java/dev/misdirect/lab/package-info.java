/**
 * The embedded lab: loopback HTTPS origins (Jetty 12, ALPN h2 + http/1.1) that reproduce each production cause
 * of HTTP 421, with their throw-away CA.
 *
 * <p>Entry points: {@link dev.misdirect.lab.Scenarios} (the scenarios as data), {@link dev.misdirect.lab.Lab}
 * (starts one, given a {@link dev.misdirect.lab.LabCa}), {@link dev.misdirect.lab.RunningLab} (authority set,
 * name map, CA, plan, origins, the server's request log; close to stop). Each origin decides 421 itself
 * ({@link dev.misdirect.lab.Misdirection}) from the SNI its connection's ClientHello carried and the request's
 * {@code :authority}/Host. Never JavaFX.
 */
package dev.misdirect.lab;
