package io.tracebook.bpf.analysis;

import io.tracebook.bpf.error.BpfException;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * IP addresses as people read them, for addresses a BPF program copied as bytes: into {@code u8 addr[4]} or
 * {@code u8 addr[16]} (network byte order), which decode into one column per byte ({@code addr[0]}, {@code addr[1]},
 * ...), or into an {@code unsigned __int128} (libbpf-tools' tcplife, tcpstates), which decodes into one column of
 * its value as decimal text: the address's bytes are the number's bytes in memory.
 */
public final class IpAddresses {
    /** {@code AF_INET} of Linux's socket.h: the value of a family field for IPv4. */
    public static final int AF_INET = 2;

    private IpAddresses() {
    }

    /**
     * 4 bytes as dotted IPv4 ({@code 127.0.0.1}); 16 bytes as IPv6 the way {@code inet_ntop} writes it:
     * lower-case hex, the longest run of zero groups as {@code ::} ({@code ::1}), an IPv4-mapped address as
     * {@code ::ffff:10.0.0.1}.
     */
    public static String format(byte[] address) {
        return switch (address.length) {
            case 4 -> ipv4(address, 0);
            case 16 -> ipv6(address);
            default -> throw new BpfException("an IP address has 4 or 16 bytes, not " + address.length);
        };
    }

    /**
     * Replaces the byte columns {@code name[0]}, {@code name[1]}, ... (4 or 16 of them) by one string column
     * {@code name} at the same place, formatted as {@link #format} does. Returns the table.
     */
    public static Table collapse(Table table, String name) {
        return collapse(table, name, null);
    }

    /**
     * As {@link #collapse(Table, String)} for 16-byte fields that hold either kind of address, as the kernel's
     * own structs do: rows whose {@code familyColumn} is {@link #AF_INET} are IPv4 in the first 4 bytes. The field
     * may be a {@code u8[16]} or an {@code unsigned __int128}.
     */
    public static Table collapse(Table table, String name, String familyColumn) {
        NumericColumn<?> family = familyColumn == null ? null : table.numberColumn(familyColumn);
        if (table.containsColumn(name) && table.column(name) instanceof StringColumn int128) {
            StringColumn text = StringColumn.create(name);
            for (int row = 0; row < table.rowCount(); row++) {
                text.append(address(int128Bytes(int128.get(row)), family, row));
            }
            return table.replaceColumn(name, text);
        }
        List<NumericColumn<?>> bytes = byteColumns(table, name);
        StringColumn text = StringColumn.create(name);
        byte[] address = new byte[bytes.size()];
        for (int row = 0; row < table.rowCount(); row++) {
            for (int i = 0; i < address.length; i++) {
                address[i] = (byte) bytes.get(i).getDouble(row);
            }
            text.append(address(address, family, row));
        }
        int position = table.columnIndex(bytes.getFirst());
        bytes.forEach(table::removeColumns);
        return table.insertColumn(position, text);
    }

    private static String address(byte[] address, NumericColumn<?> family, int row) {
        boolean ipv4 = family != null && family.getDouble(row) == AF_INET;
        return ipv4 ? ipv4(address, 0) : format(address);
    }

    /** The 16 bytes in memory of a 128-bit integer of the machine's byte order, given as decimal text. */
    private static byte[] int128Bytes(String decimal) {
        BigInteger value;
        try {
            value = new BigInteger(decimal);
        } catch (NumberFormatException e) {
            throw new BpfException("'" + decimal + "' is not a 128-bit integer: the address column holds text of another kind");
        }
        byte[] bigEndian = new byte[16];
        byte[] raw = value.toByteArray();
        int n = Math.min(raw.length, 16);
        System.arraycopy(raw, raw.length - n, bigEndian, 16 - n, n);
        if (ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN) return bigEndian;
        byte[] memory = new byte[16];
        for (int i = 0; i < 16; i++) memory[i] = bigEndian[15 - i];
        return memory;
    }

    private static List<NumericColumn<?>> byteColumns(Table table, String name) {
        List<NumericColumn<?>> columns = new ArrayList<>();
        while (table.containsColumn(name + "[" + columns.size() + "]")) {
            columns.add(table.numberColumn(name + "[" + columns.size() + "]"));
        }
        if (columns.size() != 4 && columns.size() != 16) {
            throw new BpfException("table '" + table.name() + "' has " + columns.size() + " columns " + name
                    + "[0], " + name + "[1], ...; an IP address field is u8 " + name + "[4] or u8 " + name + "[16] in the BPF struct");
        }
        return columns;
    }

    private static String ipv4(byte[] a, int from) {
        return (a[from] & 0xff) + "." + (a[from + 1] & 0xff) + "." + (a[from + 2] & 0xff) + "." + (a[from + 3] & 0xff);
    }

    private static String ipv6(byte[] a) {
        if (isIpv4Mapped(a)) return "::ffff:" + ipv4(a, 12);
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (a[2 * i] & 0xff) << 8 | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1, bestLength = 1;   // a single zero group stays "0", as RFC 5952 says
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) length++;
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') text.append(':');
            text.append(HexFormat.of().toHexDigits((short) groups[i]).replaceFirst("^0{1,3}", ""));
        }
        return text.toString();
    }

    private static boolean isIpv4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) return false;
        }
        return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
    }
}
