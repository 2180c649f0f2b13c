package dev.istiodsl.validate.schema.cel;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;

import java.util.List;
import java.util.function.Function;

/**
 * Kubernetes' URL library: {@code isURL(string)}, {@code url(string)} and the getters {@code getScheme},
 * {@code getHost}, {@code getHostname}, {@code getPort}, {@code getEscapedPath}, {@code getQuery}. A string is a URL
 * when it is an absolute URI or an absolute path, as Go's {@code url.ParseRequestURI} reads it ({@link ParsedUrl}).
 */
final class UrlFunctions {

    static final CelType URL = OpaqueType.create("kubernetes.URL");

    private UrlFunctions() {
    }

    static Library library() {
        Functions f = new Functions();
        f.global("isURL", "is_url_string", SimpleType.BOOL, List.of(SimpleType.STRING), List.of(String.class),
                args -> isUrl((String) args[0]));
        f.global("url", "string_to_url", URL, List.of(SimpleType.STRING), List.of(String.class),
                args -> url((String) args[0]));
        getter(f, "getScheme", "url_get_scheme", SimpleType.STRING, ParsedUrl::scheme);
        getter(f, "getHost", "url_get_host", SimpleType.STRING, ParsedUrl::host);
        getter(f, "getHostname", "url_get_hostname", SimpleType.STRING, ParsedUrl::hostname);
        getter(f, "getPort", "url_get_port", SimpleType.STRING, ParsedUrl::port);
        getter(f, "getEscapedPath", "url_get_escaped_path", SimpleType.STRING, ParsedUrl::escapedPath);
        getter(f, "getQuery", "url_get_query", MapType.create(SimpleType.STRING, ListType.create(SimpleType.STRING)),
                ParsedUrl::query);
        return f;
    }

    private static void getter(Functions f, String name, String id, CelType result, Function<ParsedUrl, ?> get) {
        f.member(name, id, result, List.of(URL), List.of(ParsedUrl.class), args -> get.apply((ParsedUrl) args[0]));
    }

    static boolean isUrl(String text) {
        return Functions.parses(text, ParsedUrl::parseRequestUri);
    }

    static ParsedUrl url(String text) {
        return Functions.parsed(text, ParsedUrl::of);
    }
}
