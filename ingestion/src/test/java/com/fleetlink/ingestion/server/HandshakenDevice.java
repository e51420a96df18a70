package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.metrics.IngestionMetrics;
import com.fleetlink.ingestion.testkit.DeviceClient;
import java.io.IOException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands a test method parameter of type {@link DeviceClient} a device that has already passed the
 * IMEI handshake, on a server of its own with the production defaults and an accepting sink; both
 * are closed after the test. For tests about what one device's traffic gets back, enabled with
 * {@code @ExtendWith(HandshakenDevice.class)}.
 */
final class HandshakenDevice implements ParameterResolver, AfterEachCallback {
    private static final String IMEI = "356307042441013";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HandshakenDevice.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext test) {
        return parameter.getParameter().getType() == DeviceClient.class;
    }

    @Override
    public DeviceClient resolveParameter(ParameterContext parameter, ExtensionContext test) {
        ExtensionContext.Store store = test.getStore(NAMESPACE);
        try {
            IngestionServer server = TestServers.start(TestServers.config(), new AcceptingSink(), new IngestionMetrics());
            store.put(IngestionServer.class, server);
            DeviceClient device = DeviceClient.connect(server.port());
            store.put(DeviceClient.class, device);
            assertThat(device.handshake(IMEI)).isEqualTo(1);
            return device;
        } catch (IOException e) {
            throw new AssertionError("could not connect the device", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while the server started", e);
        }
    }

    @Override
    public void afterEach(ExtensionContext test) throws IOException {
        ExtensionContext.Store store = test.getStore(NAMESPACE);
        DeviceClient device = store.remove(DeviceClient.class, DeviceClient.class);
        IngestionServer server = store.remove(IngestionServer.class, IngestionServer.class);
        if (device != null) {
            device.close();
        }
        if (server != null) {
            server.stop();
        }
    }
}
