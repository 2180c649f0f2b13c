package dev.istiodsl.validate.schema.cel;

/**
 * A network in CIDR notation as Kubernetes' CEL {@code cidr()} reads it (Go's {@code netip.ParsePrefix}): an address
 * ({@link IpAddress}), "/", and a prefix length without leading zeros, at most 32 or 128. The address keeps the bits
 * after the prefix, as written ({@code 192.168.0.1/24}); {@link #masked()} clears them.
 */
record Cidr(IpAddress address, int prefixLength) {

    /** @throws IllegalArgumentException naming what is wrong */
    static Cidr parse(String text) {
        int slash = text.lastIndexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("network address parse error during conversion from string: "
                    + "no '/' in \"" + text + "\"");
        }
        String bits = text.substring(slash + 1);
        IpAddress address;
        try {
            address = IpAddress.parse(text.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("network address parse error during conversion from string: "
                    + e.getMessage());
        }
        if (bits.isEmpty() || bits.length() > 3 || bits.length() > 1 && bits.charAt(0) == '0'
                || !bits.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(bits) > address.bits()) {
            throw new IllegalArgumentException("network address parse error during conversion from string: "
                    + "bad bits after slash: \"" + bits + "\"");
        }
        return new Cidr(address, Integer.parseInt(bits));
    }

    Cidr masked() {
        byte[] bytes = address.bytes();
        for (int i = 0; i < bytes.length * 8; i++) {
            if (i >= prefixLength) {
                bytes[i / 8] &= (byte) ~(0x80 >> (i % 8));
            }
        }
        return new Cidr(IpAddress.of(bytes), prefixLength);
    }

    boolean contains(IpAddress ip) {
        if (ip.family() != address.family()) {
            return false;
        }
        return new Cidr(ip, prefixLength).masked().equals(masked());
    }

    boolean contains(Cidr other) {
        return other.address.family() == address.family() && prefixLength <= other.prefixLength
                && contains(other.address);
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
