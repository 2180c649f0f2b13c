package dev.istiodsl.validate.schema.cel;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;

import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes' regex library: {@code <string>.find(regex)}, the leftmost match or ""; {@code <string>.findAll(regex)}
 * and {@code findAll(regex, limit)}, the successive non-overlapping matches (at most {@code limit} when it is not
 * negative). Regular expressions are RE2's, as in the API server; an empty match right after a match is not a match
 * of its own (Go's {@code FindAllString}).
 */
final class RegexFunctions {

    private RegexFunctions() {
    }

    static Library library() {
        Functions f = new Functions();
        f.member("find", "string_find_string", SimpleType.STRING, List.of(SimpleType.STRING, SimpleType.STRING),
                List.of(String.class, String.class), args -> find((String) args[0], (String) args[1]));
        f.member("findAll", "string_find_all_string", ListType.create(SimpleType.STRING),
                List.of(SimpleType.STRING, SimpleType.STRING), List.of(String.class, String.class),
                args -> findAll((String) args[0], (String) args[1], -1));
        f.member("findAll", "string_find_all_string_int", ListType.create(SimpleType.STRING),
                List.of(SimpleType.STRING, SimpleType.STRING, SimpleType.INT),
                List.of(String.class, String.class, Long.class),
                args -> findAll((String) args[0], (String) args[1], (Long) args[2]));
        return f;
    }

    static String find(String text, String regex) {
        Matcher m = compile(regex).matcher(text);
        return m.find() ? m.group() : "";
    }

    static List<String> findAll(String text, String regex, long limit) {
        List<String> out = new ArrayList<>();
        if (limit == 0) {
            return out;
        }
        Matcher m = compile(regex).matcher(text);
        int from = 0;
        int previousEnd = -1;
        while (from <= text.length() && m.find(from)) {
            int start = m.start();
            int end = m.end();
            if (end == start && start == previousEnd) {
                if (start >= text.length()) {
                    break;
                }
                from = start + Character.charCount(text.codePointAt(start));
                continue;
            }
            out.add(m.group());
            if (limit > 0 && out.size() >= limit) {
                break;
            }
            previousEnd = end;
            if (end == start) {
                if (end >= text.length()) {
                    break;
                }
                from = end + Character.charCount(text.codePointAt(end));
            } else {
                from = end;
            }
        }
        return out;
    }

    private static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw Functions.invalid("Illegal regex: " + e.getMessage());
        }
    }
}
