package dev.istiodsl.parse;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.grammar.IstioDslLexer;
import dev.istiodsl.grammar.IstioDslParser;
import dev.istiodsl.source.SourceFile;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one layout of .istiodsl files ({@code istiodsl fmt}, {@code istiodsl:format}, the language server's
 * formatting). It works on the tokens, comments included, so it keeps every comment and never changes a value:
 * <ul>
 * <li>two spaces per level of nesting; one statement per line; a block's closing brace on its own line, an empty
 * block as {@code {}};</li>
 * <li>one space between the tokens of a statement, none before {@code ,} and {@code :}, none inside {@code [ ]},
 * one inside <code>{ }</code>;</li>
 * <li>a map or list written on one line stays on one line, with commas between map entries; one written over
 * several lines gets one entry per line, without commas in maps and without a trailing comma in lists;</li>
 * <li>a comment on a line of its own stays on a line of its own, indented like the code after it; a comment after
 * code stays after it, and the trailing comments of consecutive lines are aligned two spaces after the longest of
 * those lines;</li>
 * <li>blank lines between statements are kept, at most one, none at the start of a block or before its end; a
 * statement a comment breaks continues indented one more level; the file ends with one newline.</li>
 * </ul>
 * A file with a syntax error is not formatted: its diagnostics are returned instead.
 */
public final class MeshFormatter {

    private static final String INDENT = "  ";

    /** The formatted text, or the syntax errors that prevented it. */
    public record Result(Optional<String> text, List<Diagnostic> diagnostics) {
        public boolean formatted() {
            return text.isPresent();
        }
    }

    private MeshFormatter() {
    }

    public static Result format(SourceFile source) {
        Diagnostics diagnostics = new Diagnostics();
        Optional<MeshParser.Parsed> parsed = MeshParser.parseTree(source, diagnostics);
        if (parsed.isEmpty() || diagnostics.hasErrors()) {
            return new Result(Optional.empty(), diagnostics.sorted());
        }
        List<Token> tokens = parsed.get().tokens().getTokens();
        Layout layout = new Layout(tokens);
        layout.walk(parsed.get().tree());
        return new Result(Optional.of(new Printer(tokens, layout).print()), List.of());
    }

    /** What the parse tree says about each token's place: where lines break, where nesting starts and ends. */
    private static final class Layout {
        final Set<Integer> statementStarts = new HashSet<>();
        final Set<Integer> openers = new HashSet<>();
        final Set<Integer> closers = new HashSet<>();
        final Set<Integer> inlineMapBraces = new HashSet<>();
        final Set<Integer> inlineListBrackets = new HashSet<>();
        final Set<Integer> skipped = new HashSet<>();
        final Set<Integer> commaAfter = new HashSet<>();
        final Set<Integer> emptyBlocks = new HashSet<>();
        private final List<Token> tokens;

        Layout(List<Token> tokens) {
            this.tokens = tokens;
        }

        void walk(ParseTree node) {
            if (!(node instanceof ParserRuleContext context)) {
                return;
            }
            if (isStatement(context) && context.getStart() != null) {
                statementStarts.add(context.getStart().getTokenIndex());
            }
            if (isBlock(context)) {
                block(token(context, IstioDslLexer.LBRACE), token(context, IstioDslLexer.RBRACE));
            } else if (context instanceof IstioDslParser.MapContext map) {
                map(map);
            } else if (context instanceof IstioDslParser.ListContext list) {
                list(list);
            }
            for (int i = 0; i < context.getChildCount(); i++) {
                walk(context.getChild(i));
            }
        }

        private static boolean isStatement(ParserRuleContext c) {
            return c instanceof IstioDslParser.MeshDeclContext || c instanceof IstioDslParser.MeshMemberContext
                    || c instanceof IstioDslParser.LibraryMemberContext
                    || c instanceof IstioDslParser.RevisionMemberContext
                    || c instanceof IstioDslParser.GatewayMemberContext
                    || c instanceof IstioDslParser.OverlayMemberContext || c instanceof IstioDslParser.PatchOpContext
                    || c instanceof IstioDslParser.EnvironmentMemberContext
                    || c instanceof IstioDslParser.BindingContext;
        }

        private static boolean isBlock(ParserRuleContext c) {
            return c instanceof IstioDslParser.MeshDeclContext || c instanceof IstioDslParser.RevisionDeclContext
                    || c instanceof IstioDslParser.GatewayDeclContext || c instanceof IstioDslParser.OverlayDeclContext
                    || c instanceof IstioDslParser.InlinePatchContext
                    || c instanceof IstioDslParser.EnvironmentDeclContext
                    || c instanceof IstioDslParser.NamespacesDeclContext;
        }

        private void block(Token open, Token close) {
            if (open == null || close == null) {
                return;
            }
            if (close.getTokenIndex() == open.getTokenIndex() + 1 || onlyWhiteSpaceBetween(open, close)) {
                emptyBlocks.add(open.getTokenIndex());
                emptyBlocks.add(close.getTokenIndex());
                return;
            }
            openers.add(open.getTokenIndex());
            closers.add(close.getTokenIndex());
            statementStarts.add(close.getTokenIndex());
        }

        private boolean onlyWhiteSpaceBetween(Token open, Token close) {
            for (int i = open.getTokenIndex() + 1; i < close.getTokenIndex(); i++) {
                if (tokens.get(i).getType() != IstioDslLexer.WS) {
                    return false;
                }
            }
            return true;
        }

        private void map(IstioDslParser.MapContext map) {
            Token open = map.LBRACE().getSymbol();
            Token close = map.RBRACE().getSymbol();
            map.COMMA().forEach(comma -> skipped.add(comma.getSymbol().getTokenIndex()));
            List<IstioDslParser.EntryContext> entries = map.entry();
            if (multiLine(open, close) && !entries.isEmpty()) {
                openers.add(open.getTokenIndex());
                closers.add(close.getTokenIndex());
                statementStarts.add(close.getTokenIndex());
                entries.forEach(e -> statementStarts.add(e.getStart().getTokenIndex()));
            } else {
                inlineMapBraces.add(open.getTokenIndex());
                inlineMapBraces.add(close.getTokenIndex());
                for (int i = 0; i + 1 < entries.size(); i++) {
                    commaAfter.add(entries.get(i).getStop().getTokenIndex());
                }
                if (entries.isEmpty()) {
                    emptyBlocks.add(open.getTokenIndex());
                    emptyBlocks.add(close.getTokenIndex());
                }
            }
        }

        private void list(IstioDslParser.ListContext list) {
            Token open = list.LBRACKET().getSymbol();
            Token close = list.RBRACKET().getSymbol();
            List<IstioDslParser.ValueContext> values = list.value();
            List<TerminalNode> commas = list.COMMA();
            if (commas.size() >= values.size() && !commas.isEmpty()) {
                skipped.add(commas.get(commas.size() - 1).getSymbol().getTokenIndex());
            }
            if (multiLine(open, close) && !values.isEmpty()) {
                openers.add(open.getTokenIndex());
                closers.add(close.getTokenIndex());
                statementStarts.add(close.getTokenIndex());
                values.forEach(v -> statementStarts.add(v.getStart().getTokenIndex()));
            } else {
                inlineListBrackets.add(open.getTokenIndex());
                inlineListBrackets.add(close.getTokenIndex());
            }
        }

        private static boolean multiLine(Token open, Token close) {
            return open.getLine() != close.getLine();
        }

        private static Token token(ParserRuleContext context, int type) {
            TerminalNode node = context.getToken(type, 0);
            return node == null ? null : node.getSymbol();
        }
    }

    /** One output line: its indentation, its code, and the comment after the code. */
    private static final class Line {
        final int indent;
        final StringBuilder code = new StringBuilder();
        String trailing;
        /** The column the trailing comment starts in, when it is aligned with others; 0 otherwise. */
        int column;

        Line(int indent) {
            this.indent = indent;
        }

        boolean blank() {
            return code.length() == 0 && trailing == null;
        }
    }

    /** Walks the tokens once, comments and white space included, and lays them out as {@link Layout} says. */
    private static final class Printer {
        private final List<Token> tokens;
        private final Layout layout;
        private final List<Line> lines = new ArrayList<>();
        private Line line;
        private int depth;
        private int newlines;
        private boolean forceBreak;
        private boolean afterOpener = true;
        private Token previous;
        private boolean previousWasComment;
        /** A block comment on a line of its own that the next statement follows on the same line. */
        private boolean gluedToNext;

        Printer(List<Token> tokens, Layout layout) {
            this.tokens = tokens;
            this.layout = layout;
        }

        String print() {
            for (int i = 0; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (t.getType() == Token.EOF) {
                    break;
                }
                if (t.getType() == IstioDslLexer.WS) {
                    newlines += (int) t.getText().chars().filter(c -> c == '\n').count();
                } else if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                    comment(t, i);
                } else if (!layout.skipped.contains(i)) {
                    code(t, i);
                }
            }
            alignTrailingComments();
            StringBuilder out = new StringBuilder();
            for (Line l : lines) {
                if (!l.blank()) {
                    out.append(INDENT.repeat(l.indent)).append(l.code);
                    int width = l.indent * INDENT.length() + l.code.length();
                    if (l.trailing != null) {
                        out.append(" ".repeat(Math.max(1, l.column - width))).append(l.trailing);
                    }
                }
                out.append('\n');
            }
            return out.toString().replaceAll("(?m)[ \t]+$", "");
        }

        private void comment(Token t, int index) {
            String text = t.getType() == IstioDslLexer.LINE_COMMENT ? t.getText().stripTrailing() : t.getText();
            boolean lineComment = t.getType() == IstioDslLexer.LINE_COMMENT;
            if (line != null && newlines == 0 && !forceBreak && line.code.length() > 0 && line.trailing == null) {
                if (lineComment) {
                    line.trailing = text;
                    forceBreak = true;
                } else {
                    line.code.append(' ').append(text);
                    previousWasComment = true;
                }
            } else if (lineComment && continuesTrailingComment(t)) {
                startLine(depth, false);
                line.trailing = text;
                forceBreak = true;
            } else {
                Integer next = nextCode(index);
                boolean midStatement = next != null && !layout.statementStarts.contains(next) && line != null;
                startLine(midStatement ? depth + 1 : depth, !midStatement && !afterOpener && newlines >= 2);
                line.code.append(text);
                previousWasComment = true;
                forceBreak = lineComment;
                gluedToNext = !lineComment && codeFollowsOnItsLine(index);
            }
            afterOpener = false;
            newlines = 0;
        }

        private void code(Token t, int index) {
            if (layout.closers.contains(index)) {
                depth--;
            }
            boolean statement = layout.statementStarts.contains(index);
            if (gluedToNext && !layout.closers.contains(index)) {
                line.code.append(' ');
            } else if (line == null || statement || forceBreak) {
                boolean blank = statement && newlines >= 2 && !afterOpener && !layout.closers.contains(index);
                startLine(statement ? depth : depth + 1, blank);
            } else if (spaced(t, index)) {
                line.code.append(' ');
            }
            line.code.append(t.getText());
            if (layout.commaAfter.contains(index)) {
                line.code.append(',');
            }
            if (layout.openers.contains(index)) {
                depth++;
            }
            afterOpener = layout.openers.contains(index);
            forceBreak = false;
            gluedToNext = false;
            newlines = 0;
            previous = t;
            previousWasComment = false;
        }

        private boolean spaced(Token t, int index) {
            if (line.code.length() == 0) {
                return false;
            }
            if (previousWasComment) {
                return true;
            }
            int type = t.getType();
            if (type == IstioDslLexer.COMMA || type == IstioDslLexer.COLON) {
                return false;
            }
            int before = previous.getTokenIndex();
            if (layout.inlineListBrackets.contains(before) && previous.getType() == IstioDslLexer.LBRACKET) {
                return false;
            }
            if (layout.inlineListBrackets.contains(index) && type == IstioDslLexer.RBRACKET) {
                return false;
            }
            return !(layout.emptyBlocks.contains(before) && layout.emptyBlocks.contains(index)
                    && previous.getType() == IstioDslLexer.LBRACE);
        }

        /**
         * A line comment alone on its line, right below a trailing comment and indented past the code around it:
         * the trailing comment's second line, aligned with it.
         */
        private boolean continuesTrailingComment(Token t) {
            return line != null && newlines == 1 && line.trailing != null
                    && t.getCharPositionInLine() > (depth + 1) * INDENT.length();
        }

        private boolean codeFollowsOnItsLine(int index) {
            int next = index + 1;
            if (next < tokens.size() && tokens.get(next).getType() == IstioDslLexer.WS) {
                if (tokens.get(next).getText().indexOf('\n') >= 0) {
                    return false;
                }
                next++;
            }
            return next < tokens.size() && tokens.get(next).getChannel() == Token.DEFAULT_CHANNEL
                    && tokens.get(next).getType() != Token.EOF;
        }

        private Integer nextCode(int from) {
            for (int i = from + 1; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (t.getType() == Token.EOF) {
                    return null;
                }
                if (t.getChannel() == Token.DEFAULT_CHANNEL && !layout.skipped.contains(i)) {
                    return i;
                }
            }
            return null;
        }

        private void startLine(int indent, boolean blankBefore) {
            if (blankBefore && !lines.isEmpty() && !lines.get(lines.size() - 1).blank()) {
                lines.add(new Line(0));
            }
            line = new Line(indent);
            lines.add(line);
        }

        /** Runs of consecutive lines that each end in a comment: their comments start in one column. */
        private void alignTrailingComments() {
            int i = 0;
            while (i < lines.size()) {
                if (!aligned(lines.get(i))) {
                    i++;
                    continue;
                }
                int end = i;
                int width = 0;
                while (end < lines.size() && aligned(lines.get(end))) {
                    Line l = lines.get(end);
                    width = Math.max(width, l.indent * INDENT.length() + l.code.length());
                    end++;
                }
                for (int j = i; j < end; j++) {
                    lines.get(j).column = width + 2;
                }
                i = end;
            }
        }

        private static boolean aligned(Line l) {
            return l.trailing != null && l.code.indexOf("\n") < 0;
        }
    }
}
