package dev.istiodsl.validate.schema.cel;

import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;

import java.util.List;
import java.util.function.Function;

/**
 * Kubernetes' IP and CIDR libraries. IP: {@code isIP(string)}, {@code ip(string)}, {@code ip.isCanonical(string)},
 * {@code string(ip)}, and on an address {@code family()}, {@code isUnspecified()}, {@code isLoopback()},
 * {@code isLinkLocalMulticast()}, {@code isLinkLocalUnicast()}, {@code isGlobalUnicast()}. CIDR:
 * {@code isCIDR(string)}, {@code cidr(string)}, {@code string(cidr)}, and on a network {@code containsIP} and
 * {@code containsCIDR} (of a value or a string), {@code ip()}, {@code masked()}, {@code prefixLength()}.
 */
final class NetworkFunctions {

    static final CelType IP = OpaqueType.create("net.IP");
    static final CelType CIDR = OpaqueType.create("net.CIDR");

    private NetworkFunctions() {
    }

    static Library library() {
        Functions f = new Functions();
        f.global("isIP", "is_ip", SimpleType.BOOL, List.of(SimpleType.STRING), List.of(String.class),
                args -> isIp((String) args[0]));
        f.global("ip", "string_to_ip", IP, List.of(SimpleType.STRING), List.of(String.class),
                args -> ip((String) args[0]));
        f.global("ip.isCanonical", "ip_is_canonical", SimpleType.BOOL, List.of(SimpleType.STRING),
                List.of(String.class), args -> ip((String) args[0]).toString().equals(args[0]));
        f.global("string", "ip_to_string", SimpleType.STRING, List.of(IP), List.of(IpAddress.class),
                args -> args[0].toString());
        ipTest(f, "family", "ip_family", SimpleType.INT, IpAddress::family);
        ipTest(f, "isUnspecified", "ip_is_unspecified", SimpleType.BOOL, IpAddress::isUnspecified);
        ipTest(f, "isLoopback", "ip_is_loopback", SimpleType.BOOL, IpAddress::isLoopback);
        ipTest(f, "isLinkLocalMulticast", "ip_is_link_local_multicast", SimpleType.BOOL,
                IpAddress::isLinkLocalMulticast);
        ipTest(f, "isLinkLocalUnicast", "ip_is_link_local_unicast", SimpleType.BOOL, IpAddress::isLinkLocalUnicast);
        ipTest(f, "isGlobalUnicast", "ip_is_global_unicast", SimpleType.BOOL, IpAddress::isGlobalUnicast);

        f.global("isCIDR", "is_cidr", SimpleType.BOOL, List.of(SimpleType.STRING), List.of(String.class),
                args -> isCidr((String) args[0]));
        f.global("cidr", "string_to_cidr", CIDR, List.of(SimpleType.STRING), List.of(String.class),
                args -> cidr((String) args[0]));
        f.global("string", "cidr_to_string", SimpleType.STRING, List.of(CIDR), List.of(Cidr.class),
                args -> args[0].toString());
        f.member("containsIP", "cidr_contains_ip_string", SimpleType.BOOL, List.of(CIDR, SimpleType.STRING),
                List.of(Cidr.class, String.class), args -> ((Cidr) args[0]).contains(ip((String) args[1])));
        f.member("containsIP", "cidr_contains_ip_ip", SimpleType.BOOL, List.of(CIDR, IP),
                List.of(Cidr.class, IpAddress.class), args -> ((Cidr) args[0]).contains((IpAddress) args[1]));
        f.member("containsCIDR", "cidr_contains_cidr_string", SimpleType.BOOL, List.of(CIDR, SimpleType.STRING),
                List.of(Cidr.class, String.class), args -> ((Cidr) args[0]).contains(cidr((String) args[1])));
        f.member("containsCIDR", "cidr_contains_cidr", SimpleType.BOOL, List.of(CIDR, CIDR),
                List.of(Cidr.class, Cidr.class), args -> ((Cidr) args[0]).contains((Cidr) args[1]));
        f.member("ip", "cidr_ip", IP, List.of(CIDR), List.of(Cidr.class), args -> ((Cidr) args[0]).address());
        f.member("masked", "cidr_masked", CIDR, List.of(CIDR), List.of(Cidr.class), args -> ((Cidr) args[0]).masked());
        f.member("prefixLength", "cidr_prefix_length", SimpleType.INT, List.of(CIDR), List.of(Cidr.class),
                args -> (long) ((Cidr) args[0]).prefixLength());
        return f;
    }

    private static void ipTest(Functions f, String name, String id, CelType result, Function<IpAddress, ?> test) {
        f.member(name, id, result, List.of(IP), List.of(IpAddress.class), args -> test.apply((IpAddress) args[0]));
    }

    static boolean isIp(String text) {
        return Functions.parses(text, IpAddress::parse);
    }

    static IpAddress ip(String text) {
        return Functions.parsed(text, IpAddress::parse);
    }

    static boolean isCidr(String text) {
        return Functions.parses(text, Cidr::parse);
    }

    static Cidr cidr(String text) {
        return Functions.parsed(text, Cidr::parse);
    }
}
