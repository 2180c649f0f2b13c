package dev.istiodsl.lsp;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the cursor is in a document's text: the word under it, the words before it on its line, and the block it is
 * in. Read from the text as typed, so it works while the file does not parse.
 */
final class Cursor {

    private static final Pattern WORD_CHAR = Pattern.compile("[A-Za-z0-9_\\-./\\[\\]:]");
    private static final Pattern WORDS = Pattern.compile("->|[A-Za-z0-9_\\-./]+|\"[^\"]*\"?|[{}\\[\\],=:]");

    private final String text;
    private final int line;
    private final int column;

    Cursor(String text, int line, int column) {
        this.text = text;
        this.line = line;
        this.column = column;
    }

    String lineText() {
        String[] lines = text.split("\n", -1);
        return line < lines.length ? lines[line] : "";
    }

    /** The word under the cursor (names, versions, dotted rule ids, std/ paths), or empty. */
    Optional<Word> word() {
        String l = lineText();
        int c = Math.min(column, l.length());
        int start = c;
        while (start > 0 && isWordChar(l.charAt(start - 1))) {
            start--;
        }
        int end = c;
        while (end < l.length() && isWordChar(l.charAt(end))) {
            end++;
        }
        if (start == end) {
            return Optional.empty();
        }
        String word = l.substring(start, end);
        // A map key's colon is no part of the word.
        while (word.endsWith(":") || word.endsWith(".")) {
            word = word.substring(0, word.length() - 1);
            end--;
        }
        return word.isEmpty() ? Optional.empty() : Optional.of(new Word(word, start, end));
    }

    record Word(String text, int start, int end) {
    }

    /** The words of the cursor's line before the word under it, comments left out. */
    List<String> before() {
        String l = lineText();
        int c = word().map(Word::start).orElse(Math.min(column, l.length()));
        String head = stripComment(l.substring(0, Math.min(c, l.length())));
        Matcher m = WORDS.matcher(head);
        List<String> words = new java.util.ArrayList<>();
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    /** The keyword of the innermost block around the cursor ({@code revision}, {@code environment}, ...), "" at top. */
    String block() {
        Deque<String> open = new ArrayDeque<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i <= line && i < lines.length; i++) {
            String l = stripComment(i == line ? lines[i].substring(0, Math.min(column, lines[i].length())) : lines[i]);
            Matcher m = WORDS.matcher(l);
            String first = null;
            while (m.find()) {
                String w = m.group();
                if (first == null) {
                    first = w;
                }
                if (w.equals("{") || w.equals("[")) {
                    open.push(w.equals("[") ? "[" : Help.STATEMENTS.containsKey(first) && !first.isEmpty()
                            || first.equals("namespaces") ? first : "{");
                } else if ((w.equals("}") || w.equals("]")) && !open.isEmpty()) {
                    open.pop();
                }
            }
        }
        return open.isEmpty() ? "" : open.peek();
    }

    private static boolean isWordChar(char c) {
        return WORD_CHAR.matcher(String.valueOf(c)).matches();
    }

    private static String stripComment(String l) {
        boolean inString = false;
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (c == '"' && (i == 0 || l.charAt(i - 1) != '\\')) {
                inString = !inString;
            } else if (!inString && (c == '#' || c == '/' && i + 1 < l.length() && l.charAt(i + 1) == '/')) {
                return l.substring(0, i);
            }
        }
        return l;
    }
}
