package io.tracebook.bpf.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsumePacerTest {
    @Test
    void sleepsAMillisecondWhileEventsFlowAndBacksOffToSixteenWhenIdle() {
        ConsumePacer pacer = new ConsumePacer();
        List<Integer> sleeps = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            sleeps.add(pacer.nextSleepMillis(50));
            pacer.consumed(0);
        }
        assertEquals(List.of(1, 2, 4, 8, 16, 16, 16), sleeps);
        pacer.consumed(3);
        assertEquals(1, pacer.nextSleepMillis(50), "one consume with events ends the back-off");
    }

    @Test
    void neverSleepsPastTheCallersTimeoutNorBacksOffWhenEventsWait() {
        ConsumePacer pacer = new ConsumePacer();
        for (int i = 0; i < 10; i++) pacer.consumed(0);
        assertEquals(5, pacer.nextSleepMillis(5));
        assertEquals(1, pacer.flowingSleepMillis(50));
        assertEquals(0, pacer.flowingSleepMillis(0));
    }
}
