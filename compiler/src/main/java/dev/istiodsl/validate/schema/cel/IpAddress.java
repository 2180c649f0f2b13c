package dev.istiodsl.validate.schema.cel;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 address as Kubernetes' CEL {@code ip()} reads it (Go's {@code netip.ParseAddr}): four decimal
 * octets without leading zeros, or eight hexadecimal groups with at most one "::" and optionally a dotted IPv4 tail.
 * Zones ({@code fe80::1%eth0}) and IPv4-mapped IPv6 addresses ({@code ::ffff:1.2.3.4}) are refused. Its string form is
 * the canonical one (RFC 5952 for IPv6).
 */
final class IpAddress {

    private final byte[] bytes;

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @throws IllegalArgumentException naming what is wrong */
    static IpAddress parse(String text) {
        if (text.indexOf('%') >= 0) {
            throw new IllegalArgumentException("IP address \"" + text + "\" with zone value is not allowed");
        }
        byte[] bytes = text.indexOf(':') >= 0 ? parse6(text) : parse4(text);
        if (bytes == null) {
            throw new IllegalArgumentException("IP Address \"" + text + "\" parse error during conversion from string");
        }
        IpAddress ip = new IpAddress(bytes);
        if (ip.isMapped4()) {
            throw new IllegalArgumentException("IPv4-mapped IPv6 address \"" + text + "\" is not allowed");
        }
        return ip;
    }

    static byte[] parse4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || p.length() > 1 && p.charAt(0) == '0' || !p.chars().allMatch(
                    c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] parse6(String text) {
        byte[] out = new byte[16];
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap >= 0 ? text.substring(0, gap) : text;
        String tail = gap >= 0 ? text.substring(gap + 2) : "";
        int[] headGroups = groups(head, gap < 0);
        int[] tailGroups = gap >= 0 ? groups(tail, true) : new int[0];
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int total = headGroups.length + tailGroups.length;
        if (gap < 0 ? total != 8 : total > 7) {
            return null;
        }
        for (int i = 0; i < headGroups.length; i++) {
            out[2 * i] = (byte) (headGroups[i] >> 8);
            out[2 * i + 1] = (byte) headGroups[i];
        }
        for (int i = 0; i < tailGroups.length; i++) {
            int at = 8 - tailGroups.length + i;
            out[2 * at] = (byte) (tailGroups[i] >> 8);
            out[2 * at + 1] = (byte) tailGroups[i];
        }
        return out;
    }

    /** The 16-bit groups of one side of "::"; a dotted IPv4 address may end the last side. Null when malformed. */
    private static int[] groups(String side, boolean last) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        int[] out = new int[parts.length + (last && parts[parts.length - 1].contains(".") ? 1 : 0)];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && last && p.contains(".")) {
                byte[] v4 = parse4(p);
                if (v4 == null) {
                    return null;
                }
                out[i] = (v4[0] & 0xff) << 8 | v4[1] & 0xff;
                out[i + 1] = (v4[2] & 0xff) << 8 | v4[3] & 0xff;
                continue;
            }
            if (p.isEmpty() || p.length() > 4 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return null;
            }
            out[i] = Integer.parseInt(p, 16);
        }
        return out;
    }

    /** An address of 4 or 16 bytes, as they are. */
    static IpAddress of(byte[] bytes) {
        return new IpAddress(bytes.clone());
    }

    byte[] bytes() {
        return bytes.clone();
    }

    int bits() {
        return bytes.length * 8;
    }

    long family() {
        return bytes.length == 4 ? 4 : 6;
    }

    private boolean isMapped4() {
        if (bytes.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private int u(int i) {
        return bytes[i] & 0xff;
    }

    boolean isUnspecified() {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    boolean isLoopback() {
        if (bytes.length == 4) {
            return u(0) == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return u(15) == 1;
    }

    boolean isMulticast() {
        return bytes.length == 4 ? (u(0) & 0xf0) == 0xe0 : u(0) == 0xff;
    }

    /** 224.0.0.0/24, or an IPv6 multicast address of link-local scope (ffx2::/16). */
    boolean isLinkLocalMulticast() {
        return bytes.length == 4 ? u(0) == 224 && u(1) == 0 && u(2) == 0 : u(0) == 0xff && (u(1) & 0x0f) == 0x02;
    }

    /** 169.254.0.0/16 or fe80::/10. */
    boolean isLinkLocalUnicast() {
        return bytes.length == 4 ? u(0) == 169 && u(1) == 254 : u(0) == 0xfe && (u(1) & 0xc0) == 0x80;
    }

    boolean isGlobalUnicast() {
        if (bytes.length == 4 && (isUnspecified() || Arrays.equals(bytes, new byte[] {-1, -1, -1, -1}))) {
            return false;
        }
        return !isUnspecified() && !isLoopback() && !isMulticast() && !isLinkLocalUnicast();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress ip && Arrays.equals(bytes, ip.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The canonical form: dotted decimal, or RFC 5952 (lower case, the longest run of zero groups as "::"). */
    @Override
    public String toString() {
        if (bytes.length == 4) {
            return u(0) + "." + u(1) + "." + u(2) + "." + u(3);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = u(2 * i) << 8 | u(2 * i + 1);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }
}
