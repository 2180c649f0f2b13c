package dev.istiodsl.bind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.json.Json;
import dev.istiodsl.json.Numbers;
import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.model.KubernetesVersion;
import dev.istiodsl.parse.Ast;
import dev.istiodsl.parse.Ast.Value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads values as written into JSON or into the typed values settings need, reporting any mismatch. */
final class ValueReader {

    private static final Pattern DURATION = Pattern.compile("(\\d+)([dhms])");
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final Diagnostics diagnostics;

    ValueReader(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Any value as JSON; words, versions and durations become strings. Duplicate map keys are reported. */
    JsonNode json(Value value) {
        return json(value, 1);
    }

    /**
     * The value at nesting level {@code depth}. The parser already refuses input nested deeper than
     * {@link Json#MAX_DEPTH}; the limit is kept here too, since every later stage walks these trees recursively.
     */
    private JsonNode json(Value value, int depth) {
        if (depth > Json.MAX_DEPTH) {
            diagnostics.error("Bind.TooDeep", value.at(), "this value nests more than " + Json.MAX_DEPTH + " deep",
                    "maps and lists nest at most " + Json.MAX_DEPTH + " deep");
            return Json.NODES.nullNode();
        }
        if (value instanceof Value.StringValue s) {
            return Json.NODES.textNode(s.text());
        } else if (value instanceof Value.WordValue w) {
            return Json.NODES.textNode(w.text());
        } else if (value instanceof Value.VersionValue v) {
            return Json.NODES.textNode(v.text());
        } else if (value instanceof Value.DurationValue d) {
            return Json.NODES.textNode(d.text());
        } else if (value instanceof Value.NumberValue n) {
            return number(n);
        } else if (value instanceof Value.BooleanValue b) {
            return Json.NODES.booleanNode(b.value());
        } else if (value instanceof Value.ListValue list) {
            ArrayNode array = Json.NODES.arrayNode();
            list.items().forEach(item -> array.add(json(item, depth + 1)));
            return array;
        } else if (value instanceof Value.MapValue map) {
            return object(map, depth);
        }
        return Json.NODES.nullNode();
    }

    /** How deep a value nests: 0 for a scalar, 1 for a flat map or list. */
    static int depth(Value value) {
        if (value instanceof Value.ListValue list) {
            return 1 + list.items().stream().mapToInt(ValueReader::depth).max().orElse(0);
        } else if (value instanceof Value.MapValue map) {
            return 1 + map.entries().stream().mapToInt(e -> depth(e.value())).max().orElse(0);
        }
        return 0;
    }

    ObjectNode object(Value.MapValue map) {
        return object(map, 1);
    }

    private ObjectNode object(Value.MapValue map, int depth) {
        ObjectNode object = Json.NODES.objectNode();
        Map<String, Ast.Name> seen = new HashMap<>();
        for (Value.Entry entry : map.entries()) {
            Ast.Name first = seen.putIfAbsent(entry.key().text(), entry.key());
            if (first != null) {
                diagnostics.error("Bind.DuplicateKey", entry.key().at(),
                        "key '" + entry.key().text() + "' appears twice in this map (first at line "
                                + first.at().line() + ")",
                        "a map holds each key once; keep one of them");
                continue;
            }
            object.set(entry.key().text(), json(entry.value(), depth + 1));
        }
        return object;
    }

    private JsonNode number(Value.NumberValue n) {
        String text = n.text();
        if (Numbers.outOfRange(text)) {
            diagnostics.error("Bind.OutOfRange", n.at(), "the number " + text + " is out of range", Numbers.RANGE);
            return Json.NODES.nullNode();
        }
        BigDecimal decimal;
        try {
            decimal = new BigDecimal(text);
        } catch (NumberFormatException e) {
            decimal = BigDecimal.ZERO; // zero with an exponent beyond what BigDecimal holds
        }
        if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
            BigInteger integer = decimal.toBigIntegerExact();
            if (integer.bitLength() < 32) {
                return Json.NODES.numberNode(integer.intValue());
            } else if (integer.bitLength() < 64) {
                return Json.NODES.numberNode(integer.longValue());
            }
            return Json.NODES.numberNode(integer);
        }
        return Json.NODES.numberNode(decimal);
    }

    /** A word or a string: {@code default}, {@code "registry.example.com/istio"}. */
    Optional<String> text(Value value, String what) {
        if (value instanceof Value.WordValue w) {
            return Optional.of(w.text());
        } else if (value instanceof Value.StringValue s) {
            return Optional.of(s.text());
        }
        mismatch(value, what, "a word or a \"string\"");
        return Optional.empty();
    }

    /** An image registry and path, {@code docker.io/istio}, as {@link ImageSettings} judges every hub. */
    Optional<String> hub(Value value) {
        Optional<String> text = text(value, "hub");
        if (text.isEmpty() || !new ImageSettings(diagnostics).hub("hub", text.get(), value.at())) {
            return Optional.empty();
        }
        return text;
    }

    /** A name as written in a list of references: words, strings, and names that lex as numbers or versions. */
    Optional<String> name(Value value, String what) {
        if (value instanceof Value.VersionValue v) {
            return Optional.of(v.text());
        } else if (value instanceof Value.NumberValue n) {
            return Optional.of(n.text());
        } else if (value instanceof Value.DurationValue d) {
            return Optional.of(d.text());
        }
        return text(value, what);
    }

    /** A quoted string: file paths. */
    Optional<String> string(Value value, String what) {
        if (value instanceof Value.StringValue s) {
            return Optional.of(s.text());
        }
        if (value instanceof Value.WordValue w) {
            diagnostics.error("Bind.WrongType", value.at(), what + " must be a \"quoted string\", not the word '"
                    + w.text() + "'", "quote it: " + what + " \"" + w.text() + "\"");
        } else {
            mismatch(value, what, "a \"quoted string\"");
        }
        return Optional.empty();
    }

    /** A Kubernetes-style name (DNS-1123 label): namespaces, clusters, secrets. */
    Optional<String> dnsLabel(Value value, String what) {
        Optional<String> text = text(value, what);
        if (text.isPresent() && !DNS_LABEL.matcher(text.get()).matches() || text.isPresent()
                && text.get().length() > 63) {
            diagnostics.error("Bind.InvalidName", value.at(), what + " '" + text.get() + "' is not a valid name",
                    "use lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 "
                            + "characters");
            return Optional.empty();
        }
        return text;
    }

    Optional<IstioVersion> istioVersion(Value value, String what) {
        String text = versionText(value);
        if (text == null) {
            mismatch(value, what, "an Istio version like 1.22.8");
            return Optional.empty();
        }
        Optional<IstioVersion> version = IstioVersion.parse(text);
        if (version.isEmpty()) {
            diagnostics.error("Bind.InvalidVersion", value.at(), "'" + text + "' is not an Istio version",
                    text.matches("\\d+\\.\\d+") ? text + " names a minor line: write one of its releases, like "
                            + text + ".0" : "write the full release, like 1.22.8");
        }
        return version;
    }

    Optional<KubernetesVersion> kubernetesVersion(Value value, String what) {
        String text = versionText(value);
        if (text == null) {
            mismatch(value, what, "a Kubernetes version like 1.30");
            return Optional.empty();
        }
        Optional<KubernetesVersion> version = KubernetesVersion.parse(text);
        if (version.isEmpty()) {
            diagnostics.error("Bind.InvalidVersion", value.at(), "'" + text + "' is not a Kubernetes version",
                    "write the minor line, like 1.30");
        }
        return version;
    }

    private static String versionText(Value value) {
        if (value instanceof Value.VersionValue v) {
            return v.text();
        } else if (value instanceof Value.NumberValue n) {
            return n.text();
        } else if (value instanceof Value.StringValue s) {
            return s.text();
        } else if (value instanceof Value.WordValue w) {
            return w.text();
        }
        return null;
    }

    /** A duration such as 7d or 1h30m, at most {@code max}. */
    Optional<Duration> duration(Value value, String what, Duration max) {
        String text = value instanceof Value.DurationValue d ? d.text()
                : value instanceof Value.StringValue s ? s.text()
                : value instanceof Value.WordValue w ? w.text()
                : value instanceof Value.NumberValue n ? n.text() : null;
        Optional<Duration> parsed;
        try {
            parsed = text == null ? Optional.empty() : parseDuration(text);
        } catch (ArithmeticException e) {
            parsed = Optional.of(max.plusSeconds(1));
        }
        if (parsed.isEmpty()) {
            diagnostics.error("Bind.InvalidDuration", value.at(),
                    "'" + (text == null ? value.describe() : text) + "' is not a duration",
                    "write days, hours, minutes or seconds: 7d, 36h, 1h30m, 90s");
        } else if (parsed.get().compareTo(max) > 0) {
            diagnostics.error("Bind.OutOfRange", value.at(), what + " " + text + " is out of range",
                    "use at most " + max.toDays() + "d");
            return Optional.empty();
        }
        return parsed;
    }

    /**
     * Reads {@code 7d}, {@code 1h30m}; empty when the text is no duration.
     *
     * @throws ArithmeticException when it is longer than a {@link Duration} holds
     */
    static Optional<Duration> parseDuration(String text) {
        Matcher m = DURATION.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long amount;
            try {
                amount = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new ArithmeticException("'" + m.group(1) + "' does not fit in a long");
            }
            total = total.plus(switch (m.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            });
            end = m.end();
        }
        return end == text.length() && end > 0 ? Optional.of(total) : Optional.empty();
    }

    OptionalInt integer(Value value, String what, int min, int max) {
        if (value instanceof Value.NumberValue n && n.text().matches("-?\\d+")) {
            BigInteger number = new BigInteger(n.text());
            if (number.compareTo(BigInteger.valueOf(min)) >= 0 && number.compareTo(BigInteger.valueOf(max)) <= 0) {
                return OptionalInt.of(number.intValue());
            }
            diagnostics.error("Bind.OutOfRange", value.at(), what + " " + n.text() + " is out of range",
                    "use a whole number from " + min + " to " + max);
            return OptionalInt.empty();
        }
        mismatch(value, what, "a whole number");
        return OptionalInt.empty();
    }

    Optional<ObjectNode> map(Value value, String what) {
        if (value instanceof Value.MapValue map) {
            return Optional.of(object(map));
        }
        mismatch(value, what, "a map { key: value }");
        return Optional.empty();
    }

    Optional<ArrayNode> list(Value value, String what) {
        if (value instanceof Value.ListValue) {
            return Optional.of((ArrayNode) json(value));
        }
        mismatch(value, what, "a list [ ... ]");
        return Optional.empty();
    }

    Optional<Boolean> bool(Value value, String what) {
        if (value instanceof Value.BooleanValue b) {
            return Optional.of(b.value());
        }
        mismatch(value, what, "true or false");
        return Optional.empty();
    }

    void mismatch(Value value, String what, String expected) {
        diagnostics.error("Bind.WrongType", value.at(), what + " must be " + expected + ", not " + value.describe(),
                null);
    }
}
