import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A client the tests run as another user (setpriv), launched as a single source file so it needs
 * nothing but the JDK: connects to the socket named by its argument, asks for status and prints
 * DENIED (connect failed), CLOSED (the sidecar hung up) or REPLY and the answer.
 */
public class PeerProbe {
    public static void main(String[] args) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(Path.of(args[0])));
        } catch (IOException e) {
            System.out.println("DENIED " + e.getMessage());
            return;
        }
        try (channel) {
            channel.write(ByteBuffer.wrap("{\"type\":\"status\"}\n".getBytes(StandardCharsets.UTF_8)));
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            String line = in.readLine();
            System.out.println(line == null ? "CLOSED" : "REPLY " + line);
        } catch (IOException e) {
            System.out.println("CLOSED " + e.getMessage());
        }
    }
}
