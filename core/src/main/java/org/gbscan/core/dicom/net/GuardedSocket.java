package org.gbscan.core.dicom.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.time.Duration;

/**
 * The accepted socket as PixelMed sees it: the A-ASSOCIATE-RQ we already read is replayed first, and
 * everything after passes through {@link PduGuard}; what PixelMed writes passes through {@link ClosingHandshake},
 * which waits for the peer's close after our last PDU. Only the methods PixelMed's association classes call
 * are delegated (checked against its bytecode); the rest are not used.
 */
final class GuardedSocket extends Socket {
    private final Socket delegate;
    private final InputStream in;
    private final OutputStream out;

    /**
     * @param artim how long to wait for the peer's close after our A-RELEASE-RP or A-ABORT (PS3.8 ARTIM)
     * @param ended runs once when that PDU has been sent
     */
    GuardedSocket(Socket delegate, byte[] associateRequest, long maxPduLength, ConnectionClock clock, Duration artim,
                  Runnable ended) throws IOException {
        super((SocketImpl) null);
        this.delegate = delegate;
        OutputStream rawOut = delegate.getOutputStream();
        this.in = new SequenceInputStream(new ByteArrayInputStream(associateRequest),
                new PduGuard(delegate.getInputStream(), rawOut, maxPduLength, clock));
        this.out = new ClosingHandshake(delegate, artim, ended);
    }

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    @Override
    public synchronized void close() throws IOException {
        delegate.close();
    }

    @Override
    public boolean isClosed() {
        return delegate.isClosed();
    }

    @Override
    public boolean isConnected() {
        return delegate.isConnected();
    }

    @Override
    public void shutdownOutput() throws IOException {
        delegate.shutdownOutput();
    }

    @Override
    public void shutdownInput() throws IOException {
        delegate.shutdownInput();
    }

    @Override
    public InetAddress getInetAddress() {
        return delegate.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return delegate.getLocalAddress();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return delegate.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return delegate.getLocalSocketAddress();
    }

    @Override
    public int getPort() {
        return delegate.getPort();
    }

    @Override
    public int getLocalPort() {
        return delegate.getLocalPort();
    }

    @Override
    public synchronized int getReceiveBufferSize() throws SocketException {
        return delegate.getReceiveBufferSize();
    }

    @Override
    public synchronized void setReceiveBufferSize(int size) throws SocketException {
        delegate.setReceiveBufferSize(size);
    }

    @Override
    public synchronized int getSendBufferSize() throws SocketException {
        return delegate.getSendBufferSize();
    }

    @Override
    public synchronized void setSendBufferSize(int size) throws SocketException {
        delegate.setSendBufferSize(size);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return delegate.getSoLinger();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        delegate.setSoLinger(on, linger);
    }

    @Override
    public synchronized int getSoTimeout() throws SocketException {
        return delegate.getSoTimeout();
    }

    @Override
    public synchronized void setSoTimeout(int timeout) throws SocketException {
        delegate.setSoTimeout(timeout);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return delegate.getTcpNoDelay();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        delegate.setTcpNoDelay(on);
    }

    @Override
    public String toString() {
        return "GuardedSocket[" + delegate.getRemoteSocketAddress() + "]";
    }
}
