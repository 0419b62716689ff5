package io.tracebook.bpf.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tracebook.bpf.error.BpfException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class IpAddressesTest {

    @Test
    void formatsIpv4AsDottedQuads() {
        assertEquals("127.0.0.1", IpAddresses.format(new byte[] {127, 0, 0, 1}));
        assertEquals("192.168.255.10", IpAddresses.format(new byte[] {(byte) 192, (byte) 168, (byte) 255, 10}));
    }

    @Test
    void formatsIpv6LikeInetNtop() throws Exception {
        for (String[] c : List.of(
                new String[] {"::1", "::1"},
                new String[] {"::", "::"},
                new String[] {"fe80::1:2", "fe80:0:0:0:0:0:1:2"},
                new String[] {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},        // one zero group stays 0
                new String[] {"2001:db8::1:0:0:1", "2001:db8:0:0:1:0:0:1"},           // the first of two equal runs
                new String[] {"2001:db8:abcd:12::", "2001:0DB8:ABCD:0012:0:0:0:0"},
                new String[] {"::ffff:10.0.0.1", "::ffff:10.0.0.1"})) {
            assertEquals(c[0], IpAddresses.format(InetAddressBytes.of(c[1])), c[1]);
        }
    }

    @Test
    void rejectsOtherLengths() {
        assertThrows(BpfException.class, () -> IpAddresses.format(new byte[6]));
    }

    @Test
    void collapsesByteColumnsIntoOneTextColumnInTheirPlace() {
        Table t = Table.create("events", IntColumn.create("pid", 7, 8),
                IntColumn.create("laddr[0]", 127, 10), IntColumn.create("laddr[1]", 0, 0),
                IntColumn.create("laddr[2]", 0, 0), IntColumn.create("laddr[3]", 1, 255),
                IntColumn.create("lport", 80, 443));

        IpAddresses.collapse(t, "laddr");

        assertEquals(List.of("pid", "laddr", "lport"), t.columnNames());
        assertEquals(List.of("127.0.0.1", "10.0.0.255"), t.stringColumn("laddr").asList());
    }

    @Test
    void aFamilyColumnPicksIpv4OrIpv6PerRow() throws Exception {
        byte[] v4 = {(byte) 192, 0, 2, 7}, v6 = InetAddressBytes.of("2001:db8::5");
        Table t = Table.create("events", IntColumn.create("family", IpAddresses.AF_INET, 10));
        for (int i = 0; i < 16; i++) t.addColumns(IntColumn.create("raddr[" + i + "]", i < 4 ? v4[i] & 0xff : 0, v6[i] & 0xff));

        IpAddresses.collapse(t, "raddr", "family");

        assertEquals(List.of("192.0.2.7", "2001:db8::5"), t.stringColumn("raddr").asList());
    }

    @Test
    void saysWhatIsMissingWhenTheColumnsAreNotAnAddress() {
        Table t = Table.create("events", IntColumn.create("addr[0]", new int[] {1}), IntColumn.create("addr[1]", new int[] {2}));
        BpfException e = assertThrows(BpfException.class, () -> IpAddresses.collapse(t, "addr"));
        assertEquals("table 'events' has 2 columns addr[0], addr[1], ...; an IP address field is u8 addr[4] or u8 addr[16] in the BPF struct",
                e.getMessage());
    }

    /** The 16 bytes of an IPv6 literal, parsed by the JDK (no name lookup for a literal). */
    private static final class InetAddressBytes {
        static byte[] of(String literal) throws Exception {
            byte[] parsed = InetAddress.getByName(literal).getAddress();
            if (parsed.length == 16) return parsed;
            byte[] mapped = new byte[16];   // the JDK turns ::ffff:a.b.c.d into an IPv4 address
            mapped[10] = mapped[11] = (byte) 0xff;
            System.arraycopy(parsed, 0, mapped, 12, 4);
            return mapped;
        }
    }

    @Test
    void collapsesA128BitIntegerHoldingAnAddressWithItsFamily() {
        // unsigned __int128 fields as tcplife fills them: the address's bytes in memory, decoded as a little-endian number
        String loopback4 = String.valueOf(127 + (1L << 24));
        String loopback6 = java.math.BigInteger.ONE.shiftLeft(120).toString();
        Table t = Table.create("events", tech.tablesaw.api.StringColumn.create("saddr", loopback4, loopback6),
                IntColumn.create("family", IpAddresses.AF_INET, 10));

        IpAddresses.collapse(t, "saddr", "family");

        assertEquals(List.of("saddr", "family"), t.columnNames());
        assertEquals(List.of("127.0.0.1", "::1"), t.stringColumn("saddr").asList());
        Table wrong = Table.create("events", tech.tablesaw.api.StringColumn.create("saddr", "bash"), IntColumn.create("family", new int[] {IpAddresses.AF_INET}));
        assertThrows(BpfException.class, () -> IpAddresses.collapse(wrong, "saddr", "family"));
    }
}
