package com.fleetlink.registry.socket;

import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.registry.control.FlushOperation;
import com.fleetlink.registry.control.StatusReport;
import com.fleetlink.registry.core.SidecarCore;
import com.fleetlink.registry.metrics.SidecarMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Unix domain socket the ingestion and the operators' commands connect to.
 *
 * <p>Binding is careful: a missing directory is created {@code 0750}, a leftover socket file is
 * replaced only when no live daemon answers on it (so a second daemon on the same path refuses to
 * start), and the file is made {@code 0660} so only the pod's shared group can connect. File modes
 * are the first fence; the {@link PeerAdmission peer credentials} checked at accept are the second,
 * for directories whose modes the sidecar does not control (a mounted volume).
 */
public final class LocalSocketServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalSocketServer.class);
    /** Pipeline name of the line splitter. */
    static final String LINES = "lines";
    /** Pipeline name of the line-to-message decoder. */
    static final String DECODER = "decoder";

    private final Path path;
    private final Channel channel;

    private LocalSocketServer(Path path, Channel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * Binds {@code path} on the core loop's group.
     *
     * @throws SocketInUseException when a live daemon already answers there
     */
    public static LocalSocketServer bind(LocalSocketSettings settings, EventLoopGroup group, SidecarCore core,
                                         StatusReport status, FlushOperation flush, SidecarMetrics metrics)
            throws IOException, InterruptedException {
        Path path = settings.path();
        if (!Epoll.isAvailable()) {
            throw new IOException("Unix domain sockets need Netty's native epoll transport, which did not load: "
                    + Epoll.unavailabilityCause());
        }
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        }
        if (Files.exists(path)) {
            if (liveDaemonAnswers(path)) {
                throw new SocketInUseException("another registry sidecar is listening on " + path);
            }
            log.info("replacing stale socket file {}", path);
            Files.delete(path);
        }
        LocalConnections connections = new LocalConnections(group.next(), settings.maxConnections());
        PeerAdmission admission = new PeerAdmission(settings.peers(), connections, metrics);
        metrics.localSocketGauges(connections::size, connections::pendingOutboundBytes);
        Channel channel = new ServerBootstrap()
                .group(group)
                .channel(EpollServerDomainSocketChannel.class)
                // Past the high-water mark the channel turns unwritable and the session drops lines
                // instead of queueing them: a peer that stops reading costs at most this much.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                    @Override
                    protected void initChannel(EpollDomainSocketChannel ch) {
                        // Credentials and the connection cap first: a refused peer never gets a decoder.
                        if (!admission.admit(ch)) {
                            return;
                        }
                        ch.pipeline()
                                .addLast(LINES, new LineBasedFrameDecoder(LocalProtocol.MAX_LINE_BYTES, true, false))
                                .addLast(DECODER, new LocalLineDecoder(metrics))
                                .addLast("role", new PeerRoleHandler(core, status, flush, metrics));
                    }
                })
                .bind(new DomainSocketAddress(path.toFile())).sync().channel();
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
        log.info("listening on {}", path);
        return new LocalSocketServer(path, channel);
    }

    private static boolean liveDaemonAnswers(Path path) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the socket accepts connections, for {@code /readyz}. */
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() throws IOException {
        channel.close().awaitUninterruptibly();
        Files.deleteIfExists(path);
    }
}
