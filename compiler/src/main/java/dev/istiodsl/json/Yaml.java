package dev.istiodsl.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one strict YAML reader: multi-document input, empty documents skipped, duplicate keys rejected, and anchors and
 * aliases rejected with their place, because Jackson would read {@code *a} as the string "a" and never apply a
 * {@code <<:} merge.
 */
public final class Yaml {

    private static final YAMLFactory FACTORY;
    private static final ObjectMapper MAPPER;

    static {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(64 * 1024 * 1024);
        options.setNestingDepthLimit(Json.MAX_DEPTH);
        // The builder starts without the parser defaults: without this, `key:` would read as "" instead of null.
        FACTORY = YAMLFactory.builder().loaderOptions(options).enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Json.MAX_DEPTH).build())
                .build();
        MAPPER = new YAMLMapper(FACTORY).setNodeFactory(Json.NODES);
    }

    private Yaml() {
    }

    /** What is wrong with a YAML text, and where (1-based; 0 when unknown). */
    public static final class Problem extends Exception {
        private final int line;
        private final int column;

        Problem(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }

        /** "at line 3, column 7: message". */
        public String describe() {
            return (line > 0 ? "at line " + line + ", column " + column + ": " : "") + getMessage();
        }
    }

    /** Every non-empty document of the text, in order; anchors and aliases are refused. */
    public static List<JsonNode> readDocuments(String text) throws Problem {
        return numberedDocuments(text).stream().map(Document::tree).toList();
    }

    /**
     * A non-empty document and its place: its number among all documents of the text, empty and comment-only ones
     * included (as a reader counting {@code ---} would), and the line it starts on.
     */
    public record Document(int number, int line, JsonNode tree) {
    }

    /** Like {@link #readDocuments}, keeping where each document is in the text. */
    public static List<Document> numberedDocuments(String text) throws Problem {
        rejectAnchorsAndAliases(text);
        return readAll(text);
    }

    /**
     * Every non-empty document, for files handed on verbatim to a tool that expands anchors itself (an IstioOperator
     * file goes to istioctl as it is): only the top-level shape may be read from such trees, since alias values
     * come back as their names.
     */
    public static List<JsonNode> readDocumentsForShape(String text) throws Problem {
        return readAll(text).stream().map(Document::tree).toList();
    }

    private static List<Document> readAll(String text) throws Problem {
        // One tree per document. (A MappingIterator would split a top-level list into its items.)
        List<Document> documents = new ArrayList<>();
        int number = 0;
        try (YAMLParser parser = FACTORY.createParser(text)) {
            try {
                while (parser.nextToken() != null) {
                    number++;
                    int line = parser.currentTokenLocation().getLineNr();
                    JsonNode document = MAPPER.readTree(parser);
                    if (document != null && !document.isMissingNode() && !document.isNull()
                            && !(document.isTextual() && document.asText().isEmpty())) {
                        documents.add(new Document(number, line, document));
                    }
                }
            } catch (JsonProcessingException e) {
                throw problem(e, parser);
            }
        } catch (IOException e) {
            throw new Problem(String.valueOf(e.getMessage()), 0, 0);
        }
        return documents;
    }

    private static void rejectAnchorsAndAliases(String text) throws Problem {
        try (YAMLParser parser = FACTORY.createParser(text)) {
            try {
                JsonToken token;
                while ((token = parser.nextToken()) != null || !parser.isClosed()) {
                    if (token == null) {
                        continue;
                    }
                    if (parser.isCurrentAlias()) {
                        JsonLocation at = parser.currentTokenLocation();
                        throw new Problem("YAML aliases (*" + parser.getText() + ") are not supported; write the "
                                + "value out", at.getLineNr(), at.getColumnNr());
                    }
                    if (parser.getObjectId() != null) {
                        JsonLocation at = parser.currentTokenLocation();
                        throw new Problem("YAML anchors (&" + parser.getObjectId() + ") are not supported; write "
                                + "the value out", at.getLineNr(), at.getColumnNr());
                    }
                }
            } catch (JsonProcessingException e) {
                throw problem(e, parser);
            }
        } catch (IOException e) {
            throw new Problem(String.valueOf(e.getMessage()), 0, 0);
        }
    }

    /** The parser's own place when the exception has none (Jackson's limits are reported without one). */
    private static Problem problem(JsonProcessingException e, YAMLParser parser) {
        JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentTokenLocation();
        if (e instanceof StreamConstraintsException && e.getOriginalMessage().contains("nesting depth")) {
            return new Problem("maps and lists nest more than " + Json.MAX_DEPTH + " deep", at.getLineNr(),
                    at.getColumnNr());
        }
        // SnakeYAML appends the offending line and a caret on further lines: keep the sentence only.
        String message = e.getOriginalMessage().lines().findFirst().orElse("").strip();
        var duplicate = java.util.regex.Pattern.compile("Duplicate field '(.*)'.*").matcher(message);
        if (duplicate.matches()) {
            message = "key '" + duplicate.group(1) + "' appears twice in one map";
        }
        return at == null ? new Problem(message, 0, 0) : new Problem(message, at.getLineNr(), at.getColumnNr());
    }
}
