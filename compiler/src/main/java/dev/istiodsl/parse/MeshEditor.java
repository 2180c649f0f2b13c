package dev.istiodsl.parse;

import dev.istiodsl.grammar.IstioDslLexer;
import dev.istiodsl.grammar.IstioDslParser;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStreamRewriter;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.ParserRuleContext;

import java.util.List;
import java.util.Optional;

/**
 * Edits the statements of one environment block in the text of a mesh file, and leaves every other byte as it was:
 * comments, blank lines, alignment, the order of everything it does not touch. A changed value is replaced where it
 * stands (a trailing comment stays); a new statement goes on a line of its own after the statement it belongs with,
 * indented like the block's other statements; a removed statement takes its line with it.
 *
 * <p>It works on the token stream (comments and whitespace are tokens on the hidden channel), so what it writes is
 * exactly the old text with the edited tokens replaced. It edits only statements written in the block itself: what
 * an environment inherits is overridden by adding a statement, never changed at its source.
 */
public final class MeshEditor {

    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private final CommonTokenStream tokens;
    private final TokenStreamRewriter rewriter;
    private final IstioDslParser.EnvironmentDeclContext block;
    /** The file as it was, for the indentation of its lines. */
    private final String original;
    /** The file's own line break, so a CRLF file stays CRLF. */
    private final String newline;
    /** A byte order mark the file starts with, kept in front of the edited text. */
    private String byteOrderMark = "";

    private MeshEditor(CommonTokenStream tokens, IstioDslParser.EnvironmentDeclContext block, String original) {
        this.tokens = tokens;
        this.original = original;
        this.newline = original.contains("\r\n") ? "\r\n" : "\n";
        this.rewriter = new TokenStreamRewriter(tokens);
        this.block = block;
    }

    /**
     * The editor of environment {@code name} in {@code text}; empty when the text does not parse (the compile reports
     * why) or declares no such environment itself.
     */
    public static Optional<MeshEditor> of(String text, String environment) {
        if (text.startsWith(BYTE_ORDER_MARK)) {
            // Not part of the text (the parser skips it too); written back where it was.
            return of(text.substring(1), environment).map(editor -> editor.withByteOrderMark());
        }
        IstioDslLexer lexer = new IstioDslLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        IstioDslParser parser = new IstioDslParser(tokens);
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        IstioDslParser.FileContext file;
        try {
            file = parser.file();
        } catch (ParseCancellationException e) {
            return Optional.empty();
        }
        if (!(file instanceof IstioDslParser.MeshFileContext mesh)) {
            return Optional.empty();
        }
        return mesh.meshDecl().meshMember().stream().map(IstioDslParser.MeshMemberContext::environmentDecl)
                .filter(env -> env != null && env.name().getText().equals(environment)).findFirst()
                .map(env -> new MeshEditor(tokens, env, text));
    }

    private MeshEditor withByteOrderMark() {
        byteOrderMark = BYTE_ORDER_MARK;
        return this;
    }

    /** The text with every edit made so far. */
    public String text() {
        return byteOrderMark + rewriter.getText();
    }

    /** Whether the block itself lists its revisions (else they are inherited). */
    public boolean declaresRevisions() {
        return revisionsSetting().isPresent();
    }

    /** The block runs exactly these revisions: its {@code revisions} line is rewritten, or added. */
    public void setRevisions(List<String> revisions) {
        String list = String.join(", ", revisions);
        Optional<IstioDslParser.SettingContext> setting = revisionsSetting();
        if (setting.isPresent()) {
            List<IstioDslParser.ValueContext> values = setting.get().value();
            replace(values.get(0).getStart(), values.get(values.size() - 1).getStop(), list);
        } else {
            insertLine(endOfLine(block.LBRACE().getSymbol()), "revisions " + list);
        }
    }

    /** Whether the block itself declares {@code tag}. */
    public boolean declaresTag(String tag) {
        return tagDecl(tag).isPresent();
    }

    /** The tag points at {@code revision}: its target is replaced, or a {@code tag} line is added. */
    public void setTag(String tag, String revision) {
        Optional<IstioDslParser.TagDeclContext> declared = tagDecl(tag);
        if (declared.isPresent()) {
            replace(declared.get().name(1), revision);
            return;
        }
        List<IstioDslParser.TagDeclContext> tags = members().stream().map(IstioDslParser.EnvironmentMemberContext::tagDecl)
                .filter(t -> t != null).toList();
        Token anchor = !tags.isEmpty() ? endOfLine(tags.get(tags.size() - 1).getStop())
                : revisionsSetting().map(s -> endOfLine(s.getStop())).orElse(endOfLine(block.LBRACE().getSymbol()));
        insertLine(anchor, "tag " + tag + " -> " + revision);
    }

    /** Removes the block's own {@code tag} line; false when the block does not declare it. */
    public boolean removeTag(String tag) {
        Optional<IstioDslParser.TagDeclContext> declared = tagDecl(tag);
        declared.ifPresent(this::removeLine);
        return declared.isPresent();
    }

    /** Whether the block itself binds {@code namespace}. */
    public boolean declaresBinding(String namespace) {
        return binding(namespace).isPresent();
    }

    /** The namespace is bound to {@code target}: its binding is rewritten, or added to the block's namespaces. */
    public void setBinding(String namespace, String target) {
        Optional<IstioDslParser.BindingContext> declared = binding(namespace);
        if (declared.isPresent()) {
            replace(declared.get().name(1), target);
            return;
        }
        Optional<IstioDslParser.NamespacesDeclContext> namespaces = members().stream()
                .map(IstioDslParser.EnvironmentMemberContext::namespacesDecl).filter(n -> n != null).findFirst();
        String binding = namespace + " -> " + target;
        if (namespaces.isEmpty()) {
            insertLine(endOfLine(block.LBRACE().getSymbol()), "namespaces { " + binding + " }");
            return;
        }
        List<IstioDslParser.BindingContext> bindings = namespaces.get().binding();
        Token open = namespaces.get().LBRACE().getSymbol();
        if (bindings.isEmpty()) {
            rewriter.insertAfter(open, " " + binding + " ");
        } else if (bindings.get(0).getStart().getLine() == open.getLine()) {
            rewriter.insertAfter(bindings.get(bindings.size() - 1).getStop(), "  " + binding);
        } else {
            Token last = bindings.get(bindings.size() - 1).getStart();
            insertIndented(endOfLine(bindings.get(bindings.size() - 1).getStop()), indentOf(last), binding);
        }
    }

    private Optional<IstioDslParser.SettingContext> revisionsSetting() {
        return members().stream().map(IstioDslParser.EnvironmentMemberContext::setting)
                .filter(s -> s != null && s.settingName.getText().equals("revisions")).findFirst();
    }

    private Optional<IstioDslParser.TagDeclContext> tagDecl(String tag) {
        return members().stream().map(IstioDslParser.EnvironmentMemberContext::tagDecl)
                .filter(t -> t != null && t.name(0).getText().equals(tag)).findFirst();
    }

    private Optional<IstioDslParser.BindingContext> binding(String namespace) {
        return members().stream().map(IstioDslParser.EnvironmentMemberContext::namespacesDecl).filter(n -> n != null)
                .flatMap(n -> n.binding().stream()).filter(b -> b.name(0).getText().equals(namespace)).findFirst();
    }

    private List<IstioDslParser.EnvironmentMemberContext> members() {
        return block.environmentMember();
    }

    private void replace(ParserRuleContext node, String text) {
        replace(node.getStart(), node.getStop(), text);
    }

    /**
     * Replaces the tokens from {@code first} to {@code last}; a comment after them on the line keeps its column
     * when the spaces before it allow (at least two spaces stay, as {@link MeshFormatter} writes them), so aligned
     * comments stay aligned.
     */
    private void replace(Token first, Token last, String text) {
        String old = tokens.getText(first, last);
        rewriter.replace(first, last, text);
        int next = last.getTokenIndex() + 1;
        if (next + 1 >= tokens.size()) {
            return;
        }
        Token spaces = tokens.get(next);
        Token comment = tokens.get(next + 1);
        if (spaces.getText().isBlank() && !breaksLine(spaces) && comment.getType() == IstioDslLexer.LINE_COMMENT) {
            int width = Math.max(2, spaces.getText().length() - (text.length() - old.length()));
            rewriter.replace(spaces, " ".repeat(width));
        }
    }

    /**
     * The last token that belongs to the line of {@code token} after it: a trailing comment when there is one, else
     * the token itself. Spaces before the line break, or before another statement on the same line, do not count.
     */
    private Token endOfLine(Token token) {
        Token last = token;
        for (int i = token.getTokenIndex() + 1; i < tokens.size(); i++) {
            Token next = tokens.get(i);
            if (next.getChannel() != Token.HIDDEN_CHANNEL || breaksLine(next) || next.getLine() != token.getLine()) {
                break;
            }
            if (!next.getText().isBlank()) {
                last = next;
            }
        }
        return last;
    }

    private static boolean breaksLine(Token token) {
        return token.getChannel() == Token.HIDDEN_CHANNEL && token.getText().contains("\n");
    }

    /** Spaces on the line between two tokens, if that is what comes next. */
    private Optional<Token> spacesAfter(Token token) {
        int next = token.getTokenIndex() + 1;
        if (next >= tokens.size()) {
            return Optional.empty();
        }
        Token candidate = tokens.get(next);
        return candidate.getChannel() == Token.HIDDEN_CHANNEL && candidate.getText().isBlank()
                && !breaksLine(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    /** Whether a statement of the same line follows {@code token} (only spaces between). */
    private boolean statementFollows(Token token) {
        int next = spacesAfter(token).map(t -> t.getTokenIndex() + 1).orElse(token.getTokenIndex() + 1);
        return next < tokens.size() && tokens.get(next).getChannel() != Token.HIDDEN_CHANNEL
                && tokens.get(next).getType() != Token.EOF && tokens.get(next).getLine() == token.getLine();
    }

    /** A new line after {@code anchor}, indented like the block's statements. */
    private void insertLine(Token anchor, String statement) {
        insertIndented(anchor, statementIndent(), statement);
    }

    /**
     * A new line after {@code anchor}. When another statement follows the anchor on its line, that statement moves
     * to the line after the new one, with the same indentation, rather than being glued onto it.
     */
    private void insertIndented(Token anchor, String indent, String statement) {
        String text = newline + indent + statement;
        if (statementFollows(anchor)) {
            Token next = tokens.get(spacesAfter(anchor).map(t -> t.getTokenIndex() + 1)
                    .orElse(anchor.getTokenIndex() + 1));
            // What followed moves down: the block's closing brace to the block's own indentation.
            text += newline + (next.getType() == IstioDslLexer.RBRACE ? indentOf(block.getStart()) : indent);
            spacesAfter(anchor).ifPresent(rewriter::delete);
        }
        rewriter.insertAfter(anchor, text);
    }

    private String statementIndent() {
        if (!members().isEmpty()) {
            return indentOf(members().get(0).getStart());
        }
        String outer = indentOf(block.getStart());
        return outer + (outer.contains("\t") ? "\t" : "  ");
    }

    /** The whitespace a token's line starts with, as written (spaces or tabs). */
    private String indentOf(Token token) {
        int lineStart = original.lastIndexOf('\n', token.getStartIndex() - 1) + 1;
        int end = lineStart;
        while (end < original.length() && (original.charAt(end) == ' ' || original.charAt(end) == '\t')) {
            end++;
        }
        return original.substring(lineStart, end);
    }

    /**
     * Deletes a statement. Alone on its line, the line goes with it (its break and indentation, and a comment after
     * it); sharing a line with other statements, only the statement and the spaces that separated it go.
     */
    private void removeLine(ParserRuleContext statement) {
        Token start = statement.getStart();
        Token stop = statement.getStop();
        int before = start.getTokenIndex() - 1;
        boolean startsLine = before < 0 || breaksLine(tokens.get(before));
        if (startsLine && !statementFollows(stop)) {
            if (before >= 0) {
                String ws = tokens.get(before).getText();
                int cut = ws.lastIndexOf('\n');
                cut = cut > 0 && ws.charAt(cut - 1) == '\r' ? cut - 1 : cut;
                rewriter.replace(tokens.get(before), ws.substring(0, cut));
            }
            rewriter.delete(start, endOfLine(stop));
        } else if (statementFollows(stop)) {
            rewriter.delete(start, spacesAfter(stop).orElse(stop));
        } else {
            Token spaces = tokens.get(before);
            rewriter.delete(spaces.getChannel() == Token.HIDDEN_CHANNEL && !breaksLine(spaces) ? spaces : start, stop);
        }
    }
}
