package com.fleetlink.ingestion.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.server.AdmissionTicket.Phase;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** The queue of silent sockets: oldest first, and bounded although stopped tickets are dropped lazily. */
class SilentQueueTest {
    private final SilentQueue queue = new SilentQueue(null);

    private AdmissionTicket added() {
        AdmissionTicket ticket = AdmissionTicket.issue(new EmbeddedChannel());
        queue.add(ticket);
        return ticket;
    }

    private void talk(AdmissionTicket ticket) {
        assertThat(ticket.move(Phase.SILENT, Phase.TALKING)).isNotNull();
        queue.stoppedBeingSilent();
    }

    @Test
    void pollOldest_whenTheOldestTalked_thenTheNextSilentOneComesFirst() {
        AdmissionTicket talker = added();
        AdmissionTicket second = added();
        AdmissionTicket third = added();
        talk(talker);

        assertThat(queue.pollOldest()).isSameAs(second);
        assertThat(queue.pollOldest()).isSameAs(third);
        assertThat(queue.pollOldest()).isNull();
    }

    @Test
    void stoppedBeingSilent_whenThousandsTalkBehindOneLongSilentSocket_thenTheQueueStaysSmall() {
        AdmissionTicket lingering = added();
        for (int i = 0; i < 10_000; i++) {
            talk(added());
        }

        assertThat(queue.silent()).isEqualTo(1);
        assertThat(queue.entries()).as("entries kept for one silent ticket").isLessThanOrEqualTo(2 + 64 + 1);
        assertThat(queue.pollOldest()).isSameAs(lingering);
    }
}
