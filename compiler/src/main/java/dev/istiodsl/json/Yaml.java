package dev.istiodsl.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.ScannerImpl;
import org.yaml.snakeyaml.tokens.ScalarToken;
import org.yaml.snakeyaml.tokens.Token;
import org.yaml.snakeyaml.tokens.ValueToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one strict YAML reader: multi-document input, empty documents skipped, duplicate keys rejected, and anchors and
 * aliases rejected with their place, because Jackson would read {@code *a} as the string "a" and never apply a
 * {@code <<:} merge.
 *
 * <p>Plain scalars are read as the Kubernetes API server reads them (sigs.k8s.io/yaml, which is go-yaml): in a flow
 * list or map, a {@code :} ends a plain scalar only before a space or the end of a line, so {@code [2001:db8::]} is a
 * list of one IPv6 address. SnakeYAML follows YAML 1.2 there and also ends it before {@code , [ ] { }}, which
 * would make that list hold the map {@code {"2001:db8:": null}}.
 */
public final class Yaml {

    private static final LoaderOptions OPTIONS;
    private static final YAMLFactory FACTORY;
    private static final ObjectMapper MAPPER;
    /** The flow indicators before which SnakeYAML, but not go-yaml, ends a plain scalar at a {@code :}. */
    private static final String FLOW_INDICATORS = ",[]{}";

    static {
        OPTIONS = new LoaderOptions();
        OPTIONS.setAllowDuplicateKeys(false);
        OPTIONS.setCodePointLimit(64 * 1024 * 1024);
        OPTIONS.setNestingDepthLimit(Json.MAX_DEPTH);
        // The builder starts without the parser defaults: without this, `key:` would read as "" instead of null.
        FACTORY = YAMLFactory.builder().loaderOptions(OPTIONS).enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
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
        private final boolean numberOutOfRange;

        Problem(String message, int line, int column) {
            this(message, line, column, false);
        }

        private Problem(String message, int line, int column, boolean numberOutOfRange) {
            super(message);
            this.line = line;
            this.column = column;
            this.numberOutOfRange = numberOutOfRange;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }

        /** The text is valid, but holds a number no 64-bit float holds (see {@link Numbers}). */
        public boolean numberOutOfRange() {
            return numberOutOfRange;
        }

        /** "at line 3, column 7: message". */
        public String describe() {
            return (line > 0 ? "at line " + line + ", column " + column + ": " : "") + getMessage();
        }
    }

    /**
     * The first document of a data file shipped with the compiler (version facts, removed APIs, the operator schema).
     * A malformed one is a bug in what was shipped, not a user mistake, and throws.
     *
     * @param resource the file's classpath name, for the message
     */
    public static JsonNode shippedDocument(String text, String resource) {
        try {
            return readDocuments(text).get(0);
        } catch (Problem e) {
            throw new IllegalStateException(resource + " is not valid YAML " + e.describe(), e);
        }
    }

    /**
     * Every non-empty document of the text, in order; anchors and aliases are refused, and so are numbers beyond a 64-bit
     * float, which would read as infinity or zero.
     */
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
        return readAll(asGoYamlReadsIt(text), true);
    }

    /**
     * Every non-empty document, for files handed on verbatim to a tool that expands anchors itself (an IstioOperator
     * file goes to istioctl as it is): only the top-level shape may be read from such trees, since alias values
     * come back as their names. Numbers are checked all the same.
     */
    public static List<JsonNode> readDocumentsForShape(String text) throws Problem {
        return readAll(asGoYamlReadsIt(text), false).stream().map(Document::tree).toList();
    }

    /**
     * The text with every plain scalar SnakeYAML would end at a {@code :} before a flow indicator written out as the
     * double-quoted scalar go-yaml reads there (the scalar and its {@code :}), so both read the same tree. Line
     * breaks inside such a scalar are kept after it, so every later line keeps its number. Text SnakeYAML cannot scan
     * is returned as it is, for the reader to report.
     */
    static String asGoYamlReadsIt(String text) {
        if (!hasColonBeforeFlowIndicator(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        int copied = 0;  // in chars
        CharIndex chars = new CharIndex(text);
        try {
            ScannerImpl scanner = new ScannerImpl(new StreamReader(text), OPTIONS);
            Token previous = null;
            while (!scanner.checkToken(Token.ID.StreamEnd)) {
                Token token = scanner.getToken();
                if (token instanceof ValueToken && previous instanceof ScalarToken scalar && scalar.getPlain()
                        && scalar.getEndMark().getIndex() == token.getStartMark().getIndex()) {
                    int start = chars.of(scalar.getStartMark().getIndex());
                    int colon = chars.of(token.getStartMark().getIndex());
                    if (colon + 1 < text.length() && FLOW_INDICATORS.indexOf(text.charAt(colon + 1)) >= 0) {
                        out.append(text, copied, start)
                                .append(Json.NODES.textNode(scalar.getValue() + ":").toString());
                        text.substring(start, colon).lines().skip(1).forEach(line -> out.append('\n'));
                        copied = colon + 1;
                    }
                }
                previous = token;
            }
        } catch (RuntimeException e) {
            return text;  // not YAML SnakeYAML can scan: the reader says where
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** SnakeYAML's marks count code points; this turns them into char indexes, moving forward only. */
    private static final class CharIndex {
        private final String text;
        private final boolean oneCharPerCodePoint;
        private int codePoint;
        private int index;

        CharIndex(String text) {
            this.text = text;
            this.oneCharPerCodePoint = text.codePoints().count() == text.length();
        }

        /** The char index of a code point index no smaller than the last one asked for. */
        int of(int codePointIndex) {
            if (oneCharPerCodePoint) {
                return codePointIndex;
            }
            index = text.offsetByCodePoints(index, codePointIndex - codePoint);
            codePoint = codePointIndex;
            return index;
        }
    }

    private static boolean hasColonBeforeFlowIndicator(String text) {
        for (int i = text.indexOf(':'); i >= 0 && i + 1 < text.length(); i = text.indexOf(':', i + 1)) {
            if (FLOW_INDICATORS.indexOf(text.charAt(i + 1)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * One pass: every token is checked ({@link Checked}) as the trees are built from it, so a text is scanned once.
     * Numbers beyond a float64 are refused (Jackson would read {@code 1e99999999999} as infinity, which no YAML reader
     * takes back, and {@code 1e-400} as zero), and anchors and aliases when {@code refuseAnchors}.
     */
    private static List<Document> readAll(String text, boolean refuseAnchors) throws Problem {
        // One tree per document. (A MappingIterator would split a top-level list into its items.)
        List<Document> documents = new ArrayList<>();
        int number = 0;
        try (YAMLParser yaml = FACTORY.createParser(text)) {
            Checked parser = new Checked(yaml, refuseAnchors);
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
                throw problem(e, yaml);
            } catch (Refused e) {
                throw e.problem;
            }
        } catch (IOException e) {
            throw new Problem(String.valueOf(e.getMessage()), 0, 0);
        }
        return documents;
    }

    /** A token the reader refuses, carried out of Jackson's deserializer, which only lets I/O exceptions through. */
    private static final class Refused extends IOException {
        private final Problem problem;

        Refused(Problem problem) {
            super(problem.getMessage(), null);
            this.problem = problem;
        }
    }

    /** The parser as the mapper sees it, judging each token as it passes. */
    private static final class Checked extends JsonParserDelegate {
        private final YAMLParser yaml;
        private final boolean refuseAnchors;

        Checked(YAMLParser yaml, boolean refuseAnchors) {
            super(yaml);
            this.yaml = yaml;
            this.refuseAnchors = refuseAnchors;
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken token = yaml.nextToken();
            if (token != null) {
                judge(token);
            }
            return token;
        }

        @Override
        public String nextFieldName() throws IOException {
            return nextToken() == JsonToken.FIELD_NAME ? currentName() : null;
        }

        private void judge(JsonToken token) throws IOException {
            if (token.isNumeric() && outOfRange(yaml)) {
                JsonLocation at = yaml.currentTokenLocation();
                String number = yaml.getText();
                String shown = number.length() <= 40 ? number
                        : number.substring(0, 32) + "... (" + number.length() + " characters)";
                throw new Refused(new Problem("the number " + shown + " is out of range", at.getLineNr(),
                        at.getColumnNr(), true));
            }
            if (refuseAnchors && yaml.isCurrentAlias()) {
                JsonLocation at = yaml.currentTokenLocation();
                throw new Refused(new Problem("YAML aliases (*" + yaml.getText() + ") are not supported; write the "
                        + "value out", at.getLineNr(), at.getColumnNr()));
            }
            if (refuseAnchors && yaml.getObjectId() != null) {
                JsonLocation at = yaml.currentTokenLocation();
                throw new Refused(new Problem("YAML anchors (&" + yaml.getObjectId() + ") are not supported; write "
                        + "the value out", at.getLineNr(), at.getColumnNr()));
            }
        }
    }

    /**
     * Decimal text is judged as written; other integers ({@code 0x...}) by their value; YAML's {@code .inf} and
     * {@code .nan} are no number a float64 of Kubernetes holds either (JSON has neither).
     */
    private static boolean outOfRange(YAMLParser parser) throws IOException {
        String text = parser.getText();
        if (Numbers.outOfRange(text) || text.toLowerCase(Locale.ROOT).matches("[-+]?\\.(inf|nan)")) {
            return true;
        }
        return parser.currentToken() == JsonToken.VALUE_NUMBER_INT
                && parser.getNumberType() == com.fasterxml.jackson.core.JsonParser.NumberType.BIG_INTEGER
                && Numbers.outOfRange(parser.getBigIntegerValue().toString());
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
