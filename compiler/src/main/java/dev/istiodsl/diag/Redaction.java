package dev.istiodsl.diag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What no output may show: the values of Kubernetes Secrets met anywhere in a run (in the DSL, in resource and patch
 * files, in expansions, in the committed tree), and the places in the sources where such values are written.
 * Diagnostics leave the compiler through {@link #mask(Diagnostic)} and the contextual rendering quotes source lines
 * through {@link #lines}, so whichever stage put a value into a message or a quoted line, it never reaches a log or a
 * report.
 *
 * <p>A value of {@value #SHORTEST} characters or more is masked wherever it appears: as itself when it stands as a
 * word of its own, and with the whole word around it when it is part of a longer one ({@code istiod-hunter2x}), so
 * that neither the value nor a fragment of the mask is left beside it. A shorter value, or a boolean, cannot be told
 * from ordinary text ("1", "e", "true"), so it is masked only where it is written in the sources, and in the
 * messages of diagnostics on that line where it stands as a word of its own; null is no value. The text is masked in
 * one pass, longest value first, and a mask is never searched again, so masking twice changes nothing more. The stages
 * that quote values of a resource ask {@code resource.Secrets} first and leave a Secret's out, whatever their length.
 */
public final class Redaction {

    /** What a masked value reads as in a message. */
    public static final String MASK = "<redacted>";
    /** The shortest value masked wherever it appears. */
    static final int SHORTEST = 4;

    /** Longest first, so a value that holds another is masked whole. */
    private static final Comparator<String> LONGEST_FIRST = Comparator.comparingInt(String::length).reversed()
            .thenComparing(Comparator.naturalOrder());

    private final TreeSet<String> values = new TreeSet<>(LONGEST_FIRST);
    private final Map<String, Map<Integer, List<Span>>> spans = new HashMap<>();

    /** A secret value written in a source file, at its token. */
    private record Span(int column, int length, String literal) {
    }

    /**
     * Registers a secret value met anywhere, as text (a number as written); a short one is left to the places it is
     * written (see above).
     */
    public synchronized void value(String secret) {
        values.addAll(masked(secret));
    }

    /** The texts {@link #value} masks for a secret value: none when it is too short to mask. */
    public static List<String> masked(String secret) {
        List<String> out = new ArrayList<>();
        if (secret != null && secret.strip().length() >= SHORTEST) {
            out.add(secret);
            // A line diff shows a multi-line value (a key, a certificate) a line at a time: each line is masked too.
            if (secret.indexOf('\n') >= 0) {
                secret.lines().map(String::strip).filter(line -> line.length() >= SHORTEST).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * Registers a secret value written in a source file: {@code literal} is its token as written ({@code "hunter2"}
     * with its quotes), at {@code at}. Its text is registered with {@link #value} apart, when it is one.
     */
    public synchronized void span(SourceLocation at, String literal) {
        spans.computeIfAbsent(at.file(), f -> new HashMap<>()).computeIfAbsent(at.line(), l -> new ArrayList<>())
                .add(new Span(at.column(), Math.max(at.length(), literal.length()), literal));
    }

    /** The text with every registered value replaced by {@value #MASK}. */
    public synchronized String mask(String text) {
        return mask(text, Set.of());
    }

    /**
     * The diagnostic with every registered value masked in its message, hint and suppression reason, and also the
     * values written on its own line, however short, where they stand as words of their own.
     */
    public synchronized Diagnostic mask(Diagnostic d) {
        Set<String> written = new HashSet<>();
        if (d.location() != null) {
            for (Span span : spansAt(d.location().file(), d.location().line())) {
                for (String text : List.of(span.literal(), unquoted(span.literal()))) {
                    if (!text.isBlank()) {
                        written.add(text);
                    }
                }
            }
        }
        String message = mask(d.message(), written);
        String hint = mask(d.hint(), written);
        String suppression = mask(d.suppression(), written);
        if (message.equals(d.message()) && Objects.equals(hint, d.hint())
                && Objects.equals(suppression, d.suppression())) {
            return d;
        }
        return new Diagnostic(d.id(), d.severity(), d.location(), message, hint, suppression, d.environment());
    }

    /** Every diagnostic masked, in the same order. */
    public List<Diagnostic> mask(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(this::mask).toList();
    }

    /**
     * A source line as the contextual rendering may quote it: the secret values written on it, and every registered
     * value it holds, replaced by as many {@code *}, so the caret under a column stays where it was.
     */
    public synchronized String line(String file, int number, String text) {
        char[] out = text.toCharArray();
        for (Span span : spansAt(file, number)) {
            for (int i = span.column() - 1; i < span.column() - 1 + span.length() && i < out.length; i++) {
                out[i] = '*';
            }
        }
        for (int[] range : ranges(text, Set.of())) {
            Arrays.fill(out, range[0], range[1], '*');
        }
        return new String(out);
    }

    /** The lookup, its lines masked as {@link #line} says. */
    public DiagnosticRenderer.LineLookup lines(DiagnosticRenderer.LineLookup lookup) {
        return (file, number) -> lookup.line(file, number).map(text -> line(file, number, text));
    }

    private String mask(String text, Set<String> words) {
        if (text == null) {
            return null;
        }
        List<int[]> ranges = ranges(text, words);
        if (ranges.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        for (int[] range : ranges) {
            out.append(text, copied, range[0]).append(MASK);
            copied = range[1];
        }
        return out.append(text, copied, text.length()).toString();
    }

    /**
     * Where {@code text} shows a secret, in order and apart: every registered value, widened to the word it is part
     * of, and each of {@code words} where it stands as a word of its own. A mask already in the text is passed over.
     */
    private List<int[]> ranges(String text, Set<String> words) {
        TreeMap<String, Boolean> candidates = new TreeMap<>(LONGEST_FIRST); // value -> masked anywhere
        for (String word : words) {
            if (text.contains(word)) {
                candidates.put(word, false);
            }
        }
        for (String value : values) {
            if (text.contains(value)) {
                candidates.put(value, true);
            }
        }
        List<int[]> ranges = new ArrayList<>();
        if (candidates.isEmpty()) {
            return ranges;
        }
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith(MASK, i)) {
                i += MASK.length();
                continue;
            }
            int[] range = match(text, i, candidates);
            if (range == null) {
                i++;
                continue;
            }
            int[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && range[0] <= last[1]) {
                last[1] = Math.max(last[1], range[1]);
            } else {
                ranges.add(range);
            }
            i = range[1];
        }
        return ranges;
    }

    /** The longest candidate at {@code at}, as the range it masks; null when none is there. */
    private static int[] match(String text, int at, Map<String, Boolean> candidates) {
        for (Map.Entry<String, Boolean> candidate : candidates.entrySet()) {
            String value = candidate.getKey();
            if (!text.startsWith(value, at)) {
                continue;
            }
            int start = at;
            int end = at + value.length();
            int mask = text.indexOf(MASK, start);
            if (mask >= 0 && mask < end) {
                continue; // a value that would run into a mask already there
            }
            boolean alone = (start == 0 || !word(text, start - 1) || !word(text, start))
                    && (end == text.length() || !word(text, end) || !word(text, end - 1));
            if (alone) {
                return new int[] {start, end};
            } else if (candidate.getValue()) {
                while (start > 0 && word(text, start - 1) && word(text, start)) {
                    start--;
                }
                while (end < text.length() && word(text, end) && word(text, end - 1)) {
                    end++;
                }
                return new int[] {start, end};
            }
        }
        return null;
    }

    /**
     * Whether the character at {@code i} belongs to a word: letters, digits, {@code _} and {@code -}, as in Kubernetes
     * names, and a dot between two of them ({@code istio-system.svc}), but not one that ends a sentence.
     */
    private static boolean word(String text, int i) {
        char c = text.charAt(i);
        if (Character.isLetterOrDigit(c) || c == '_' || c == '-') {
            return true;
        }
        return c == '.' && i > 0 && i + 1 < text.length() && Character.isLetterOrDigit(text.charAt(i - 1))
                && Character.isLetterOrDigit(text.charAt(i + 1));
    }

    private List<Span> spansAt(String file, int line) {
        return spans.getOrDefault(file, Map.of()).getOrDefault(line, List.of());
    }

    private static String unquoted(String literal) {
        return literal.length() >= 2 && literal.startsWith("\"") && literal.endsWith("\"")
                ? literal.substring(1, literal.length() - 1) : literal;
    }
}
