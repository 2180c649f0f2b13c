package dev.istiodsl.validate.schema.cel;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One of the string formats Kubernetes' CEL format library names ({@code format.dns1123Label()},
 * {@code format.named("uri")}): its {@code validate(string)} gives the reasons a string is not of the format, none
 * when it is. The checks are those the documentation of each format states: DNS labels and subdomains (RFC 1123,
 * RFC 1035), qualified names and label values, URIs (as {@code isURL}), UUIDs, base64, RFC 3339 dates and date-times.
 *
 * @param name  the name {@code format.named} knows it by
 * @param check the reasons a string is not of the format
 */
record NamedFormat(String name, Function<String, List<String>> check) {

    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS1123_LABEL = Pattern.compile(LABEL);
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern QUALIFIED = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern UUID = Pattern.compile(
            "(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}");

    /** Every format, by the name {@code format.named} takes. */
    static final Map<String, NamedFormat> ALL = all();

    private static Map<String, NamedFormat> all() {
        Map<String, NamedFormat> out = new TreeMap<>();
        add(out, "dns1123Label", s -> dns1123Label(s, false));
        add(out, "dns1123Subdomain", s -> dns1123Subdomain(s, false));
        add(out, "dns1035Label", s -> dns1035Label(s, false));
        add(out, "qualifiedName", NamedFormat::qualifiedName);
        add(out, "dns1123LabelPrefix", s -> dns1123Label(s, true));
        add(out, "dns1123SubdomainPrefix", s -> dns1123Subdomain(s, true));
        add(out, "dns1035LabelPrefix", s -> dns1035Label(s, true));
        add(out, "labelValue", NamedFormat::labelValue);
        add(out, "uri", s -> UrlFunctions.isUrl(s) ? List.of() : List.of("is not an absolute URI or absolute path"));
        add(out, "uuid", s -> UUID.matcher(s).matches() ? List.of() : List.of("does not match the UUID format"));
        add(out, "byte", NamedFormat::base64);
        add(out, "date", NamedFormat::date);
        add(out, "datetime", NamedFormat::dateTime);
        return java.util.Collections.unmodifiableMap(out);
    }

    private static void add(Map<String, NamedFormat> out, String name, Function<String, List<String>> check) {
        out.put(name, new NamedFormat(name, check));
    }

    List<String> validate(String value) {
        return check.apply(value);
    }

    /** A name used as a prefix (generateName) may end in "-": the rest must still be valid. */
    private static String prefix(String s, boolean prefix) {
        return prefix && s.endsWith("-") ? s.substring(0, s.length() - 1) + "a" : s;
    }

    private static List<String> dns1123Label(String s, boolean prefix) {
        return name(prefix(s, prefix), 63, DNS1123_LABEL, "a lowercase RFC 1123 label must consist of lower case "
                + "alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. "
                + "'my-name', or '123-abc')");
    }

    private static List<String> dns1123Subdomain(String s, boolean prefix) {
        return name(prefix(s, prefix), 253, DNS1123_SUBDOMAIN, "a lowercase RFC 1123 subdomain must consist of lower "
                + "case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
                + "(e.g. 'example.com')");
    }

    private static List<String> dns1035Label(String s, boolean prefix) {
        return name(prefix(s, prefix), 63, DNS1035_LABEL, "a DNS-1035 label must consist of lower case alphanumeric "
                + "characters or '-', start with an alphabetic character, and end with an alphanumeric character "
                + "(e.g. 'my-name', or 'abc-123')");
    }

    /** The reasons a name is not at most {@code max} characters of the pattern. */
    private static List<String> name(String s, int max, Pattern pattern, String shape) {
        List<String> out = new ArrayList<>();
        if (s.length() > max) {
            out.add("must be no more than " + max + " characters");
        }
        if (!pattern.matcher(s).matches()) {
            out.add(shape);
        }
        return out;
    }

    private static List<String> qualifiedName(String s) {
        List<String> out = new ArrayList<>();
        String name = s;
        int slash = s.indexOf('/');
        if (slash >= 0 && s.indexOf('/', slash + 1) < 0) {
            String prefix = s.substring(0, slash);
            name = s.substring(slash + 1);
            if (prefix.isEmpty()) {
                out.add("prefix part must be non-empty");
            } else {
                dns1123Subdomain(prefix, false).forEach(m -> out.add("prefix part " + m));
            }
        } else if (slash >= 0) {
            out.add("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
                    + "with an alphanumeric character, with an optional DNS subdomain prefix and '/'");
            return out;
        }
        if (name.isEmpty()) {
            out.add("name part must be non-empty");
        } else {
            name(name, 63, QUALIFIED, "must consist of alphanumeric characters, '-', '_' or '.', and must start and "
                    + "end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc')")
                    .forEach(m -> out.add("name part " + m));
        }
        return out;
    }

    private static List<String> labelValue(String s) {
        return s.isEmpty() ? List.of() : name(s, 63, QUALIFIED, "a valid label must be an empty string or consist of "
                + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
                + "(e.g. 'MyValue', or 'my_value')");
    }

    private static List<String> base64(String s) {
        try {
            Base64.getDecoder().decode(s);
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of("invalid base64");
        }
    }

    private static List<String> date(String s) {
        try {
            if (s.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
                LocalDate.parse(s);
                return List.of();
            }
        } catch (DateTimeParseException e) {
            // falls through to the finding
        }
        return List.of("invalid date");
    }

    private static List<String> dateTime(String s) {
        return SchemaType.timestamp(s) != null ? List.of() : List.of("invalid datetime");
    }
}
