package com.fleetlink.ingestion.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.command.CommandOutcome;
import com.fleetlink.protocol.local.LocalMessage.CommandResult;
import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.protocol.local.LocalProtocolCodec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CommandLinesTest {
    private static final String IMEI = "356307042441013";

    @Test
    void toLine_whenResponseOverTheCommandLimit_thenCutToItAndTheLineFitsTheLineLimit() {
        byte[] response = new byte[20_000];
        // Control bytes: the worst case, six characters each in the line's JSON text.
        Arrays.fill(response, (byte) 1);
        CommandOutcome.Result result = new CommandOutcome.Result("c1", IMEI, 7, 1, response, false, 5);

        CommandResult line = (CommandResult) CommandLines.toLine(result);

        assertThat(CommandLines.responseCut(result)).isTrue();
        assertThat(line.response()).hasSize(LocalProtocol.MAX_COMMAND_BYTES);
        assertThat(LocalProtocolCodec.encode(line).length).isLessThanOrEqualTo(LocalProtocol.MAX_LINE_BYTES);
    }

    @Test
    void toLine_whenResponseWithinTheLimit_thenWholeAndNotCut() {
        CommandOutcome.Result result = new CommandOutcome.Result("c1", IMEI, 7, 1, "ok".getBytes(), false, 5);

        assertThat(CommandLines.responseCut(result)).isFalse();
        assertThat(((CommandResult) CommandLines.toLine(result)).text()).isEqualTo("ok");
    }
}
