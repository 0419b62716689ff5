package io.tracebook.bpf.realworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tracebook.bpf.Bpf;
import io.tracebook.bpf.BpfObject;
import io.tracebook.bpf.OpenObject;
import io.tracebook.bpf.analysis.IpAddresses;
import io.tracebook.bpf.error.BpfException;
import io.tracebook.bpf.stream.EventStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * libbpf-tools' tcplife, unmodified: its port filter is a {@code const volatile __u16 target_dports[1024]}, its event
 * (in tcplife.h, a stack local) keeps addresses in {@code unsigned __int128}s. Configured as {@code tcplife -D p4,p6}
 * is, beside Debian's tcplife with those options, on IPv4 and IPv6 connections of the workload over loopback.
 */
class TcplifeTest {
    private static final int CONNECTIONS = 3;
    /** tcplife -w prints: PID COMM LADDR LPORT RADDR RPORT TX_KB RX_KB MS. */
    private static final Pattern LINE = Pattern.compile(
            "^(\\d+)\\s+(\\S+)\\s+(\\S+)\\s+(\\d+)\\s+(\\S+)\\s+(\\d+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+[\\d.]+$", Pattern.MULTILINE);

    @BeforeEach
    void tools() {
        LibbpfTools.require();
    }

    @Test
    void seesTheSameConnectionsAndBytesAsDebiansTcplife() throws Exception {
        try (var workload = RwWorkload.start("rw-tcplife", "tcp", String.valueOf(CONNECTIONS))) {
            String[] ports = workload.preamble().getFirst().split(" ");
            int port4 = Integer.parseInt(ports[1]);
            int port6 = Integer.parseInt(ports[2]);
            try (var tool = ReferenceTool.libbpfTool("tcplife", "PID", "-w", "-D", port4 + "," + port6)) {
                OpenObject open = Bpf.file(LibbpfTools.source("tcplife"));
                BpfException tooMany = assertThrows(BpfException.class, () -> open.set("target_dports", new int[1025]));
                assertTrue(tooMany.getMessage().length() < 200, "a short message, not the 1024 fields: " + tooMany.getMessage());
                Set<String> ours = new HashSet<>();
                try (BpfObject o = open.set("filter_dport", true).set("target_dports", List.of(port4, port6)).load().attach()) {
                    EventStream events = o.events("events");
                    workload.runToEnd();
                    Table t = events.collect(Duration.ofSeconds(1));
                    assertEquals(0, events.lost());
                    IpAddresses.collapse(t, "saddr", "family");
                    IpAddresses.collapse(t, "daddr", "family");
                    for (int row = 0; row < t.rowCount(); row++) {
                        ours.add(String.join(" ", String.valueOf(t.longColumn("pid").get(row)), t.stringColumn("comm").get(row),
                                t.stringColumn("saddr").get(row), String.valueOf(t.intColumn("sport").get(row)),
                                t.stringColumn("daddr").get(row), String.valueOf(t.intColumn("dport").get(row)),
                                kilobytes(t.longColumn("tx_b").get(row)), kilobytes(t.longColumn("rx_b").get(row))));
                    }
                }
                Set<String> theirs = new HashSet<>();
                Matcher m = LINE.matcher(tool.stop());
                while (m.find()) {
                    theirs.add(String.join(" ", m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), m.group(7), m.group(8)));
                }
                System.out.println("tcplife: ours " + ours + ", Debian's " + theirs);
                assertEquals(2 * CONNECTIONS, ours.size(), "each client socket once: " + ours);
                for (int k = 1; k <= CONNECTIONS; k++) {
                    String bytes = kilobytes(8192L * k) + " " + kilobytes(65536L * k);
                    assertEquals(1, ours.stream().filter(r -> r.contains(" 127.0.0.1 ") && r.endsWith(" " + port4 + " " + bytes)).count(), "IPv4 " + k);
                    assertEquals(1, ours.stream().filter(r -> r.contains(" ::1 ") && r.endsWith(" " + port6 + " " + bytes)).count(), "IPv6 " + k);
                }
                assertEquals(ours, theirs);
            }
        }
    }

    private static String kilobytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / 1024.0);
    }
}
