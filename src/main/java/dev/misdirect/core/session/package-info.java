/**
 * The application layer: what a user asks Misdirect to do, as plain Java use cases that every face calls. The
 * command line, the workbench and {@code check} build a {@link dev.misdirect.core.session.Target} (the system, or a
 * lab scenario) from their own input and hand it, with typed inputs, to {@link dev.misdirect.core.session.Engine};
 * none of them wires the prober, the replay engine or the lab itself, so one session gives the same findings in
 * all of them.
 *
 * <h2>Threads</h2>
 * Long use cases return an {@link dev.misdirect.core.session.Operation} at once and run on the executors the face
 * hands to the engine ({@link dev.misdirect.core.session.EnginePools}); the face decides whether to block on the
 * result (the command line) or poll it from a worker (the workbench). Every operation can be cancelled and keeps
 * what it recorded until then.
 */
package dev.misdirect.core.session;
