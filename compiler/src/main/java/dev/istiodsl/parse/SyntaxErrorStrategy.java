package dev.istiodsl.parse;

import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.diag.Suggestions;
import dev.istiodsl.grammar.IstioDslLexer;
import dev.istiodsl.grammar.IstioDslParser;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * ANTLR's recovery, with messages for people: what was found, what was expected (friendly names, sorted) and a hint
 * where the mistake has a usual cause. Recovery stays ANTLR's, so one run reports every independent syntax error.
 */
final class SyntaxErrorStrategy extends DefaultErrorStrategy {

    private static final Set<Integer> NAME_TOKENS = Set.of(IstioDslLexer.WORD, IstioDslLexer.NUMBER,
            IstioDslLexer.DURATION, IstioDslLexer.VERSION, IstioDslLexer.MESH, IstioDslLexer.IMPORT,
            IstioDslLexer.REVISION, IstioDslLexer.SET, IstioDslLexer.COMPONENT, IstioDslLexer.TAG,
            IstioDslLexer.GATEWAY, IstioDslLexer.PORT, IstioDslLexer.OVERLAY, IstioDslLexer.PATCH,
            IstioDslLexer.MERGE, IstioDslLexer.DROP, IstioDslLexer.RESOURCE, IstioDslLexer.FROM, IstioDslLexer.IN,
            IstioDslLexer.ENVIRONMENT, IstioDslLexer.EXTENDS, IstioDslLexer.AFTER, IstioDslLexer.SOAK,
            IstioDslLexer.NAMESPACES, IstioDslLexer.SUPPRESS, IstioDslLexer.CLUSTER, IstioDslLexer.TRUE, IstioDslLexer.FALSE,
            IstioDslLexer.NULL);

    private static final Set<Integer> VALUE_TOKENS = Set.of(IstioDslLexer.STRING, IstioDslLexer.NUMBER,
            IstioDslLexer.VERSION, IstioDslLexer.DURATION, IstioDslLexer.TRUE, IstioDslLexer.FALSE,
            IstioDslLexer.NULL, IstioDslLexer.WORD, IstioDslLexer.LBRACKET, IstioDslLexer.LBRACE,
            IstioDslLexer.POINTER);

    private final String file;
    private final Diagnostics diagnostics;
    private final BooleanSupplier endSwallowed;

    /** @param endSwallowed whether an unclosed comment, already reported, took the rest of the file */
    SyntaxErrorStrategy(String file, Diagnostics diagnostics, BooleanSupplier endSwallowed) {
        this.file = file;
        this.diagnostics = diagnostics;
        this.endSwallowed = endSwallowed;
    }

    @Override
    protected void reportNoViableAlternative(Parser parser, NoViableAltException e) {
        report(parser, e.getOffendingToken(), e.getExpectedTokens());
    }

    @Override
    protected void reportInputMismatch(Parser parser, InputMismatchException e) {
        report(parser, e.getOffendingToken(), e.getExpectedTokens());
    }

    @Override
    protected void reportFailedPredicate(Parser parser, org.antlr.v4.runtime.FailedPredicateException e) {
        report(parser, e.getOffendingToken(), e.getExpectedTokens());
    }

    @Override
    protected void reportUnwantedToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        report(parser, parser.getCurrentToken(), getExpectedTokens(parser));
    }

    @Override
    protected void reportMissingToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        report(parser, parser.getCurrentToken(), getExpectedTokens(parser));
    }

    @Override
    public void reportError(Parser parser, RecognitionException e) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        if (e instanceof NoViableAltException nva) {
            reportNoViableAlternative(parser, nva);
        } else if (e instanceof InputMismatchException mismatch) {
            reportInputMismatch(parser, mismatch);
        } else {
            report(parser, e.getOffendingToken(), e.getExpectedTokens());
        }
    }

    private void report(Parser parser, Token found, IntervalSet expected) {
        if (found.getType() == Token.EOF && endSwallowed.getAsBoolean()) {
            return; // the braces that would close it are inside the unclosed comment
        }
        SourceLocation at = locate(found);
        String expectation = describe(expected);
        boolean onlyEndExpected = expected != null && expected.size() == 1 && expected.contains(Token.EOF);
        if (onlyEndExpected && reported > 0) {
            return; // a statement after the mesh closed early: the echo of a brace error already reported
        }
        reported++;
        Token misspelt = misspeltKeyword(parser, found);
        if (misspelt != null) {
            diagnostics.error("Syntax.Unexpected", locate(misspelt), "unknown statement '" + misspelt.getText() + "'",
                    "did you mean '" + closestKeyword(misspelt.getText()) + "'?");
            return;
        }
        if (onlyEndExpected) {
            diagnostics.error("Syntax.Unexpected", at, "unexpected " + quote(found.getText()) + " after the end of "
                    + "the mesh", closingBraceHint(parser, found));
            return;
        }
        switch (found.getType()) {
            case Token.EOF -> diagnostics.error("Syntax.UnexpectedEnd", at,
                    "the file ended too early" + expectation, unclosedBraceHint(parser));
            default -> diagnostics.error("Syntax.Unexpected", at,
                    "unexpected " + quote(found.getText()) + expectation, hintFor(found, expected));
        }
    }

    private int reported;

    private static final List<String> STATEMENT_KEYWORDS = List.of("mesh", "import", "revision", "gateway",
            "overlay", "environment", "tag", "component", "namespaces", "port", "patch", "merge", "drop", "resource",
            "set", "suppress", "cluster");

    /** {@code revison 1-22-8 {}} reads as a setting followed by a stray '{': blame the misspelt keyword instead. */
    private static Token misspeltKeyword(Parser parser, Token found) {
        if (found.getType() != IstioDslLexer.LBRACE) {
            return null;
        }
        List<Token> before = previousTokens(parser, found, 2);
        if (before.size() < 2 || before.get(0).getType() != IstioDslLexer.WORD) {
            return null;
        }
        Token candidate = before.get(0);
        return closestKeyword(candidate.getText()) != null ? candidate : null;
    }

    private static String closestKeyword(String word) {
        return STATEMENT_KEYWORDS.stream()
                .filter(k -> Suggestions.distance(word, k) <= Math.max(1, k.length() / 4))
                .findFirst().orElse(null);
    }

    /** The default-channel tokens just before {@code token}, oldest first. */
    private static List<Token> previousTokens(Parser parser, Token token, int count) {
        java.util.LinkedList<Token> out = new java.util.LinkedList<>();
        var tokens = parser.getTokenStream();
        for (int i = token.getTokenIndex() - 1; i >= 0 && out.size() < count; i--) {
            Token t = tokens.get(i);
            if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                out.addFirst(t);
            }
        }
        return out;
    }

    private static String closingBraceHint(Parser parser, Token found) {
        List<Token> before = previousTokens(parser, found, 1);
        if (before.isEmpty() || before.get(0).getType() != IstioDslLexer.RBRACE) {
            return "everything belongs inside `mesh NAME { ... }`";
        }
        Token brace = before.get(0);
        return "the '}' at line " + brace.getLine() + ", column " + (brace.getCharPositionInLine() + 1)
                + " closes the mesh; remove a stray '}' before it";
    }

    private SourceLocation locate(Token token) {
        if (token.getType() == Token.EOF) {
            return new SourceLocation(file, Math.max(1, token.getLine()), token.getCharPositionInLine() + 1, 1);
        }
        return new SourceLocation(file, token.getLine(), token.getCharPositionInLine() + 1,
                token.getText().length());
    }

    private static String hintFor(Token found, IntervalSet expected) {
        if (found.getType() == IstioDslLexer.EQUALS) {
            return "settings are written `name value` without '='; only `set PATH = VALUE` takes one";
        }
        if (found.getType() == IstioDslLexer.COLON) {
            return "':' belongs inside maps: `{ key: value }`; quote values that contain one, like "
                    + "\"docker.io/istio:1.22.8\"";
        }
        if (found.getType() == IstioDslLexer.ARROW && expected.contains(IstioDslLexer.NUMBER)) {
            return "write ports as `port NAME NUMBER -> TARGET`";
        }
        if (found.getType() == IstioDslLexer.POINTER && !expected.contains(IstioDslLexer.POINTER)) {
            return "JSON pointers like /spec/replicas appear in patch operations only";
        }
        if (expected.contains(IstioDslLexer.ARROW)) {
            return "write tags and namespace bindings as `name -> target`";
        }
        if (expected.contains(IstioDslLexer.COMMA) && VALUE_TOKENS.contains(found.getType())) {
            return "separate the values of a list with commas";
        }
        return null;
    }

    /** At an early end of file, the usual cause is a brace opened and never closed: say which one. */
    private static String unclosedBraceHint(Parser parser) {
        Deque<Token> open = new ArrayDeque<>();
        var tokens = parser.getTokenStream();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.getType() == IstioDslLexer.LBRACE || t.getType() == IstioDslLexer.LBRACKET) {
                open.push(t);
            } else if ((t.getType() == IstioDslLexer.RBRACE || t.getType() == IstioDslLexer.RBRACKET)
                    && !open.isEmpty()) {
                open.pop();
            }
        }
        if (open.isEmpty()) {
            return null;
        }
        Token unclosed = open.peek();
        String close = unclosed.getType() == IstioDslLexer.LBRACE ? "'}'" : "']'";
        return "the '" + unclosed.getText() + "' at line " + unclosed.getLine() + ", column "
                + (unclosed.getCharPositionInLine() + 1) + " has no matching " + close;
    }

    private static String describe(IntervalSet expected) {
        if (expected == null || expected.isNil()) {
            return "";
        }
        List<Integer> types = expected.toList();
        Set<Integer> remaining = new java.util.HashSet<>(types);
        Set<String> names = new TreeSet<>(SyntaxErrorStrategy::friendlyOrder);
        if (remaining.containsAll(VALUE_TOKENS)) {
            remaining.removeAll(VALUE_TOKENS);
            remaining.removeAll(NAME_TOKENS);
            names.add("a value");
        } else if (remaining.containsAll(NAME_TOKENS)) {
            remaining.removeAll(NAME_TOKENS);
            names.add("a name");
        }
        for (int type : remaining) {
            names.add(friendlyName(type));
        }
        List<String> sorted = List.copyOf(names);
        if (sorted.size() == 1) {
            return "; expected " + sorted.get(0);
        }
        return "; expected " + String.join(", ", sorted.subList(0, sorted.size() - 1)) + " or "
                + sorted.get(sorted.size() - 1);
    }

    /** Quoted tokens first (alphabetically), then descriptions ("a name", "a string"). */
    private static int friendlyOrder(String a, String b) {
        boolean quotedA = a.startsWith("'");
        boolean quotedB = b.startsWith("'");
        if (quotedA != quotedB) {
            return quotedA ? -1 : 1;
        }
        return a.compareTo(b);
    }

    static String friendlyName(int type) {
        return switch (type) {
            case Token.EOF -> "the end of the file";
            case IstioDslLexer.WORD -> "a name";
            case IstioDslLexer.STRING -> "a string";
            case IstioDslLexer.NUMBER -> "a number";
            case IstioDslLexer.VERSION -> "a version";
            case IstioDslLexer.DURATION -> "a duration";
            case IstioDslLexer.POINTER -> "a JSON pointer";
            default -> {
                String literal = IstioDslParser.VOCABULARY.getLiteralName(type);
                yield literal != null ? literal : IstioDslParser.VOCABULARY.getDisplayName(type);
            }
        };
    }

    private static String quote(String text) {
        String shown = text.length() > 24 ? text.substring(0, 21) + "..." : text;
        return "'" + shown + "'";
    }
}
