package dev.istiodsl.validate.schema.cel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A URL read the way Kubernetes' CEL {@code url()} and {@code isURL()} read one: Go's {@code net/url}, whose
 * {@code ParseRequestURI} accepts only an absolute URI or an absolute path. The getters answer what Go's
 * {@code URL.Scheme}, {@code Host}, {@code Hostname()}, {@code Port()}, {@code EscapedPath()} and {@code Query()} do.
 *
 * @param scheme   lower-cased, "" when absent
 * @param host     the authority's host and port, as written ("[::1]:80"), "" when absent
 * @param path     the unescaped path
 * @param rawPath  the path as written
 * @param rawQuery the query as written, without "?"
 */
record ParsedUrl(String scheme, String host, String path, String rawPath, String rawQuery) {

    /** What {@code isURL} accepts: Go's {@code url.ParseRequestURI}. */
    static ParsedUrl parseRequestUri(String raw) {
        return parse(raw, true);
    }

    /**
     * What {@code url()} returns: the string must pass {@link #parseRequestUri}, and is then read by Go's
     * {@code url.Parse}, which sets a {@code #fragment} apart instead of keeping it in the path or query.
     */
    static ParsedUrl of(String raw) {
        parseRequestUri(raw);
        int hash = raw.indexOf('#');
        if (hash >= 0) {
            unescape(raw.substring(hash + 1), Mode.FRAGMENT);
            raw = raw.substring(0, hash);
        }
        return parse(raw, false);
    }

    String hostname() {
        String name = splitHostPort()[0];
        return name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    }

    String port() {
        return splitHostPort()[1];
    }

    String escapedPath() {
        if (!rawPath.isEmpty() && validEncoded(rawPath) && unescape(rawPath, Mode.PATH).equals(path)) {
            return rawPath;
        }
        return path.equals("*") ? "*" : escape(path);
    }

    /** The query as a "matrix": every key with all its values, in order; pairs that do not unescape are left out. */
    Map<String, List<String>> query() {
        Map<String, List<String>> out = new TreeMap<>();
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty() || pair.contains(";")) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                String k = unescape(key, Mode.QUERY);
                String v = unescape(value, Mode.QUERY);
                out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            } catch (IllegalArgumentException malformed) {
                // Go's Query() drops a pair it cannot unescape and keeps the others.
            }
        }
        return out;
    }

    private String[] splitHostPort() {
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && validOptionalPort(host.substring(colon))) {
            return new String[] {host.substring(0, colon), host.substring(colon + 1)};
        }
        return new String[] {host, ""};
    }

    private static ParsedUrl parse(String raw, boolean viaRequest) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("invalid control character in URL");
            }
        }
        if (raw.isEmpty() && viaRequest) {
            throw new IllegalArgumentException("empty url");
        }
        if (raw.equals("*")) {
            return new ParsedUrl("", "", "*", "", "");
        }
        String[] schemeAndRest = scheme(raw);
        String scheme = schemeAndRest[0].toLowerCase(Locale.ROOT);
        String rest = schemeAndRest[1];
        String rawQuery = "";
        if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
            rest = rest.substring(0, rest.length() - 1);
        } else {
            int q = rest.indexOf('?');
            if (q >= 0) {
                rawQuery = rest.substring(q + 1);
                rest = rest.substring(0, q);
            }
        }
        if (!rest.startsWith("/")) {
            if (!scheme.isEmpty()) {
                return new ParsedUrl(scheme, "", "", "", rawQuery);  // opaque, like "mailto:a@b"
            }
            if (viaRequest) {
                throw new IllegalArgumentException("invalid URI for request");
            }
            int colon = rest.indexOf(':');
            int slash = rest.indexOf('/');
            if (colon >= 0 && (slash < 0 || colon < slash)) {
                throw new IllegalArgumentException("first path segment in URL cannot contain colon");
            }
        }
        String host = "";
        if ((!scheme.isEmpty() || !viaRequest && !rest.startsWith("///")) && rest.startsWith("//")) {
            String authority = rest.substring(2);
            int slash = authority.indexOf('/');
            rest = slash < 0 ? "" : authority.substring(slash);
            authority = slash < 0 ? authority : authority.substring(0, slash);
            host = authority(authority);
        }
        String path = unescape(rest, Mode.PATH);
        String rawPath = escape(path).equals(rest) ? "" : rest;
        return new ParsedUrl(scheme, host, path, rawPath, rawQuery);
    }

    /** {scheme, rest}; no scheme when the text before ":" is not one (Go's getScheme). */
    private static String[] scheme(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                continue;
            }
            if (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    return new String[] {"", raw};
                }
                continue;
            }
            if (c == ':') {
                if (i == 0) {
                    throw new IllegalArgumentException("missing protocol scheme");
                }
                return new String[] {raw.substring(0, i), raw.substring(i + 1)};
            }
            return new String[] {"", raw};
        }
        return new String[] {"", raw};
    }

    /** The host (and port) of an authority, after checking its user information, host characters and port. */
    private static String authority(String authority) {
        int at = authority.lastIndexOf('@');
        String host = authority.substring(at + 1);
        if (at >= 0) {
            String user = authority.substring(0, at);
            for (int i = 0; i < user.length(); i++) {
                char c = user.charAt(i);
                if (!(Character.isLetterOrDigit(c) && c < 0x80) && "-._:~!$&'()*+,;=%@".indexOf(c) < 0) {
                    throw new IllegalArgumentException("invalid userinfo");
                }
            }
            unescape(user, Mode.USER);
        }
        if (host.startsWith("[")) {
            int close = host.lastIndexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in host");
            }
            String colonPort = host.substring(close + 1);
            if (!validOptionalPort(colonPort)) {
                throw new IllegalArgumentException("invalid port \"" + colonPort + "\" after host");
            }
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0 && !validOptionalPort(host.substring(colon))) {
                throw new IllegalArgumentException("invalid port \"" + host.substring(colon) + "\" after host");
            }
        }
        return unescape(host, Mode.HOST);
    }

    private static boolean validOptionalPort(String port) {
        if (port.isEmpty()) {
            return true;
        }
        if (port.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private enum Mode { PATH, HOST, USER, QUERY, FRAGMENT }

    /** Go's unescape: "%XX" sequences decoded as UTF-8 bytes; "+" is a space in a query; a host allows few bytes. */
    private static String unescape(String s, Mode mode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b == '%') {
                if (i + 2 >= bytes.length || hex(bytes[i + 1]) < 0 || hex(bytes[i + 2]) < 0) {
                    String bad = new String(bytes, i, Math.min(3, bytes.length - i), StandardCharsets.UTF_8);
                    throw new IllegalArgumentException("invalid URL escape \"" + bad + "\"");
                }
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else if (b == '+' && mode == Mode.QUERY) {
                out.write(' ');
            } else {
                if (mode == Mode.HOST && b < 0x80 && shouldEscape((char) b, Mode.HOST)) {
                    throw new IllegalArgumentException("invalid character \"" + (char) b + "\" in host name");
                }
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /** Go's shouldEscape for the modes a URL getter needs (a path, a host). */
    private static boolean shouldEscape(char c, Mode mode) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return false;
        }
        if (mode == Mode.HOST) {
            return "!$&'()*+,;=:[]<>\"-_.~".indexOf(c) < 0;
        }
        if ("-_.~".indexOf(c) >= 0) {
            return false;
        }
        return "$&+,/:;=@".indexOf(c) < 0;  // a path keeps these as they are
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int u = b & 0xff;
            if (u < 0x80 && !shouldEscape((char) u, Mode.PATH)) {
                out.append((char) u);
            } else {
                out.append('%').append("0123456789ABCDEF".charAt(u >> 4)).append("0123456789ABCDEF".charAt(u & 15));
            }
        }
        return out.toString();
    }

    /** Whether a path as written is a valid escaping (Go's validEncoded for paths). */
    private static boolean validEncoded(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("!$&'()*+,;=:@[]%".indexOf(c) >= 0) {
                continue;
            }
            if (c >= 0x80 || shouldEscape(c, Mode.PATH)) {
                return false;
            }
        }
        return true;
    }
}
