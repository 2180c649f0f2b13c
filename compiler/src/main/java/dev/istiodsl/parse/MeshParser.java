package dev.istiodsl.parse;

import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.grammar.IstioDslLexer;
import dev.istiodsl.grammar.IstioDslParser;
import dev.istiodsl.json.Json;
import dev.istiodsl.source.SourceFile;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;

import java.util.List;
import java.util.Optional;

/**
 * Parses one .istiodsl file into its {@link Ast}. Syntax errors go to the diagnostics, all of them; the tree returned
 * holds whatever could be recovered. No ANTLR type leaves this package.
 */
public final class MeshParser {

    public Ast.File parse(SourceFile source, Diagnostics diagnostics) {
        Optional<Parsed> parsed = parseTree(source, diagnostics);
        if (parsed.isEmpty()) {
            return new Ast.File(source.displayName(), Optional.empty(), List.of());
        }
        return new AstBuilder(source.displayName()).file(parsed.get().tree());
    }

    /** The parse tree and every token, comments and white space included; empty when the file nests too deep. */
    record Parsed(IstioDslParser.FileContext tree, CommonTokenStream tokens) {
    }

    static Optional<Parsed> parseTree(SourceFile source, Diagnostics diagnostics) {
        ReportingLexer lexer = new ReportingLexer(CharStreams.fromString(oneLineBreak(source.text()),
                source.displayName()), source.displayName(), diagnostics);
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        if (tooDeep(tokens, source.displayName(), diagnostics)) {
            return Optional.empty();
        }
        IstioDslParser parser = new IstioDslParser(tokens);
        parser.removeErrorListeners();
        parser.setErrorHandler(new SyntaxErrorStrategy(source.displayName(), diagnostics, lexer::endSwallowed));
        return Optional.of(new Parsed(parser.file(), tokens));
    }

    /**
     * The text with every line break as '\n'. ANTLR counts lines at '\n' only: a file saved with old Mac line ends
     * ('\r' alone) would otherwise be one long line 1. Columns do not change.
     */
    private static String oneLineBreak(String text) {
        return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
    }

    /**
     * Blocks, maps and lists nested deeper than {@link Json#MAX_DEPTH}: one error at the first brace too many, and
     * the file is not parsed. The parser and every stage after it recurse once per level, so such input would
     * otherwise end in a stack overflow, not a message.
     */
    private static boolean tooDeep(CommonTokenStream tokens, String file, Diagnostics diagnostics) {
        int depth = 0;
        for (Token token : tokens.getTokens()) {
            if (token.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            if (token.getType() == IstioDslLexer.LBRACE || token.getType() == IstioDslLexer.LBRACKET) {
                if (++depth > Json.MAX_DEPTH) {
                    diagnostics.error("Syntax.TooDeep", new SourceLocation(file, token.getLine(),
                            token.getCharPositionInLine() + 1, 1), "this '" + token.getText() + "' nests "
                                    + depth + " deep", "blocks, maps and lists nest at most " + Json.MAX_DEPTH
                                    + " deep");
                    return true;
                }
            } else if ((token.getType() == IstioDslLexer.RBRACE || token.getType() == IstioDslLexer.RBRACKET)
                    && depth > 0) {
                depth--;
            }
        }
        return false;
    }

    /**
     * Reports lexical mistakes where they are and hands the parser what was meant: an unclosed string becomes a
     * string, a stray character disappears. The parser then goes on without echoing the same mistake.
     */
    private static final class ReportingLexer extends IstioDslLexer {
        private final String file;
        private final Diagnostics diagnostics;

        ReportingLexer(CharStream input, String file, Diagnostics diagnostics) {
            super(input);
            this.file = file;
            this.diagnostics = diagnostics;
        }

        /** Whether an unclosed block comment took the rest of the file: then its end is no second mistake. */
        private boolean endSwallowed;

        boolean endSwallowed() {
            return endSwallowed;
        }

        @Override
        public Token emit() {
            if (_type == POINTER && getText().startsWith("/*")) {
                // A '/*' with no '*/' after it: the comment rule did not match, so it lexed as a JSON pointer.
                diagnostics.error("Syntax.UnterminatedComment", here(2), "this comment is not closed",
                        "end it with '*/'; a JSON pointer that starts with '*' is written in quotes: \"/*\"");
                swallowRest();
                _type = BLOCK_COMMENT;
                _channel = HIDDEN;
            } else if (_type == STRING || _type == UNTERMINATED_STRING) {
                loneSurrogate();
            }
            if (_type == UNTERMINATED_STRING) {
                diagnostics.error("Syntax.UnterminatedString", here(1), "this string is not closed",
                        "end it with '\"' on the same line; strings cannot span lines");
                _type = STRING;
            } else if (_type == FAT_ARROW) {
                diagnostics.error("Syntax.Unexpected", here(2), "unexpected '=>'",
                        "write an arrow as '->': `tag NAME -> REVISION`");
                _type = ARROW;
            } else if (_type == ERROR_CHAR) {
                String text = getText();
                diagnostics.error("Syntax.UnexpectedCharacter", here(text.length()), "unexpected character '"
                        + text + "'", "names and words use letters, digits, '_', '-', '.' and '/'; "
                                + "put anything else in \"quotes\"");
                _channel = HIDDEN;
            }
            return super.emit();
        }

        /** Reads the rest of the input into the current token, keeping line and column right for the end of file. */
        private void swallowRest() {
            endSwallowed = true;
            int line = getLine();
            int column = getCharPositionInLine();
            while (_input.LA(1) != CharStream.EOF) {
                if (_input.LA(1) == '\n') {
                    line++;
                    column = 0;
                } else {
                    column++;
                }
                _input.consume();
            }
            setLine(line);
            setCharPositionInLine(column);
        }

        /**
         * A {@code \\uXXXX} escape of half a surrogate pair: no UTF-8 file can hold that character, and each later
         * stage would write it differently.
         */
        private void loneSurrogate() {
            String text = getText();
            for (int i = 0; i + 5 < text.length(); i++) {
                if (text.charAt(i) != '\\') {
                    continue;
                }
                if (text.charAt(i + 1) != 'u') {
                    i++;
                    continue;
                }
                char c = (char) Integer.parseInt(text.substring(i + 2, i + 6), 16);
                boolean paired = Character.isHighSurrogate(c) && i + 11 < text.length()
                        && text.startsWith("\\u", i + 6)
                        && Character.isLowSurrogate((char) Integer.parseInt(text.substring(i + 8, i + 12), 16));
                if (Character.isSurrogate(c) && !paired) {
                    diagnostics.error("Syntax.InvalidEscape", new SourceLocation(file, _tokenStartLine,
                            _tokenStartCharPositionInLine + 1 + i, 6), "'" + text.substring(i, i + 6)
                                    + "' is half of a UTF-16 surrogate pair, not a character",
                            "write the character itself, or both halves of its pair, like \\ud83d\\ude80");
                }
                i += paired ? 11 : 5;
            }
        }

        private SourceLocation here(int length) {
            return new SourceLocation(file, _tokenStartLine, _tokenStartCharPositionInLine + 1, length);
        }
    }
}
