package org.gbscan.core.dicom.net;

import com.pixelmed.network.AReleaseException;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.DicomNetworkException;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection: checks the A-ASSOCIATE-RQ ourselves (AE titles, size, capacity), lets PixelMed
 * negotiate the association, then answers C-ECHO and C-STORE requests until release or abort. Every
 * failure ends this connection only; logs name AE titles and reasons, never patient data.
 */
final class ScpConnection implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ScpConnection.class);

    private final Socket socket;
    private final ScpSettings settings;
    private final InstanceSink sink;
    private final ScpObserver observer;
    private final Semaphore slots;
    private final ConnectionClock clock;

    ScpConnection(Socket socket, ScpSettings settings, InstanceSink sink, ScpObserver observer, Semaphore slots,
                  ConnectionClock clock) {
        this.socket = socket;
        this.clock = clock;
        this.settings = settings;
        this.sink = sink;
        this.observer = observer;
        this.slots = slots;
    }

    @Override
    public void run() {
        String peer = String.valueOf(socket.getRemoteSocketAddress());
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.idleTimeout().toMillis()));
            if (socket instanceof SSLSocket tls && !handshake(tls, peer)) {
                return;
            }
            Pdus.AssociateRequest rq;
            try {
                rq = Pdus.readAssociateRequest(socket.getInputStream());
            } catch (Pdus.ProtocolViolation e) {
                log.warn("dropped connection from {}: {}", peer, e.getMessage());
                observer.associationRejected("", "malformed-request");
                observer.associationDecided("", address(), false, "malformed-request");
                Pdus.writeProviderAbort(socket.getOutputStream(), 2);
                return;
            }
            clock.associated(System.nanoTime());
            Pdus.Rejection rejection = check(rq);
            if (rejection == null) {
                if (slots.tryAcquire()) {
                    // given back when our A-RELEASE-RP or A-ABORT is out, or at the latest when serving ends
                    AtomicBoolean held = new AtomicBoolean(true);
                    Runnable giveBack = () -> {
                        if (held.compareAndSet(true, false)) {
                            slots.release();
                        }
                    };
                    try {
                        serve(rq, giveBack);
                    } finally {
                        giveBack.run();
                    }
                    return;
                }
                rejection = Pdus.Rejection.LOCAL_LIMIT_EXCEEDED;
            }
            log.info("rejected association from {} (calling AE '{}', called AE '{}'): {}", peer, rq.callingAe(),
                    rq.calledAe(), rejection.label);
            observer.associationRejected(rq.callingAe(), rejection.label);
            observer.associationDecided(rq.callingAe(), address(), false, rejection.label);
            Pdus.writeReject(socket.getOutputStream(), rejection);
        } catch (IOException | RuntimeException e) {
            log.warn("connection from {} failed: {}", peer, e.toString());
        }
    }

    /** Completes the TLS handshake; false (logged, counted) when the peer's protocol, suite or certificate fails. */
    private boolean handshake(SSLSocket tls, String peer) {
        try {
            tls.startHandshake();
            return true;
        } catch (IOException e) {
            log.warn("TLS handshake with {} failed: {}", peer, e.getMessage());
            observer.associationRejected("", "tls-handshake-failed");
            observer.associationDecided("", address(), false, "tls-handshake-failed: " + e.getMessage());
            return false;
        }
    }

    private String address() {
        return socket.getInetAddress() == null ? "" : socket.getInetAddress().getHostAddress();
    }

    private Pdus.Rejection check(Pdus.AssociateRequest rq) {
        if (!settings.calledAe().equals(rq.calledAe())) {
            return Pdus.Rejection.CALLED_AE_NOT_RECOGNIZED;
        }
        if (!settings.callerAllowed(rq.callingAe(), socket.getInetAddress())) {
            return Pdus.Rejection.CALLING_AE_NOT_RECOGNIZED;
        }
        return null;
    }

    private void serve(Pdus.AssociateRequest rq, Runnable ended) throws IOException {
        String callingAe = rq.callingAe();
        AcceptPolicy policy = new AcceptPolicy(settings.acceptedSopClasses());
        Association association;
        try {
            GuardedSocket guarded = new GuardedSocket(socket, rq.bytes(), 2L * settings.maxPdu(), clock,
                    settings.peerLimits().associateTimeout(), ended);
            association = AssociationFactory.createNewAssociation(guarded, settings.calledAe(), settings.maxPdu(), 0, 0, policy);
        } catch (DicomNetworkException e) {
            log.warn("association negotiation with '{}' failed: {}", callingAe, e.getMessage());
            observer.associationRejected(callingAe, "negotiation-failed");
            observer.associationDecided(callingAe, address(), false, "negotiation-failed");
            return;
        }
        observer.associationAccepted(callingAe);
        observer.associationDecided(callingAe, address(), true, "");
        log.debug("association from '{}' accepted ({} presentation contexts rejected)", callingAe, policy.rejectedContexts());
        String end;
        try (InstanceSink.Association instances = sink.openAssociation(callingAe)) {
            while (true) {
                answerOneRequest(association, policy, callingAe, instances);
            }
        } catch (AReleaseException e) {
            end = "released";
        } catch (DicomNetworkException e) {
            end = "aborted";
            log.info("association from '{}' ended without release: {}", callingAe, e.getMessage());
        }
        observer.associationEnded(callingAe, end);
    }

    private void answerOneRequest(Association association, AcceptPolicy policy, String callingAe,
                                  InstanceSink.Association instances) throws DicomNetworkException, AReleaseException {
        RequestReceiver request = new RequestReceiver(settings, policy, callingAe);
        association.setReceivedDataHandler(request);
        try {
            association.waitForPDataPDUsUntilHandlerReportsDone();
            byte[] response;
            if (request.isEcho()) {
                response = CommandMessages.echoResponse(request.messageId());
            } else {
                StoreOutcome outcome = deliver(request, callingAe, instances);
                response = CommandMessages.storeResponse(request.sopClassUid(), request.sopInstanceUid(), request.messageId(), outcome);
            }
            association.send(request.presentationContextId(), response, null);
        } finally {
            request.discardPartial();
        }
    }

    private StoreOutcome deliver(RequestReceiver request, String callingAe, InstanceSink.Association instances) {
        StoreOutcome outcome = request.failure();
        if (outcome == null) {
            Path file = request.receivedFile();
            try {
                outcome = instances.accept(file, request.transferSyntaxUid());
                if (outcome == null) {
                    outcome = StoreOutcome.failed(StoreStatus.OUT_OF_RESOURCES, "instance sink gave no outcome");
                }
            } catch (RuntimeException e) {
                log.error("instance sink failed for an instance from '{}'", callingAe, e);
                outcome = StoreOutcome.failed(StoreStatus.OUT_OF_RESOURCES, "cannot store: " + e.getClass().getSimpleName());
            } catch (StackOverflowError e) {
                // The sink's parser recursed on a hostile data set; the stack has unwound, the thread is sound.
                log.warn("instance from '{}' nests too deeply to parse", callingAe);
                outcome = StoreOutcome.failed(StoreStatus.CANNOT_UNDERSTAND, "data set nests too deeply");
            } finally {
                deleteLeftover(file);
            }
        }
        if (outcome.isSuccess()) {
            observer.instanceStored(callingAe, request.dataBytes());
        } else {
            log.info("C-STORE from '{}' answered {}: {}", callingAe, outcome.status().hex(), outcome.comment());
            observer.instanceRefused(callingAe, outcome.status());
        }
        return outcome;
    }

    private static void deleteLeftover(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete received temp file {}: {}", file.getFileName(), e.getMessage());
        }
    }
}
