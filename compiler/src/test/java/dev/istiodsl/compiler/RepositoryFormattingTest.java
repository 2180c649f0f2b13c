package dev.istiodsl.compiler;

import dev.istiodsl.bind.Binder;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.parse.MeshFormatter;
import dev.istiodsl.source.SourceFile;
import dev.istiodsl.source.SourceSet;
import dev.istiodsl.source.StandardLibrary;
import dev.istiodsl.testing.ModelText;
import dev.istiodsl.util.Utf8;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The formatter over every .istiodsl file of this repository: the files people read are formatted, and formatting
 * any file, or a variant of it with its white space shuffled, keeps its comments, is idempotent, and binds to the
 * same model.
 */
class RepositoryFormattingTest {

    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

    /**
     * Test inputs are not held to the layout: their expectations name lines and columns (golden cases, rule cases,
     * the plugin's integration tests), and some are broken on purpose.
     */
    private static final List<String> NOT_CHECKED = List.of("compiler/src/test/resources/",
            "maven-plugin/src/it/");

    /** Every .istiodsl file of the repository that is UTF-8 text (a few test inputs are broken on purpose). */
    private static List<Path> all() {
        return Formatting.sources(REPOSITORY).stream().filter(RepositoryFormattingTest::utf8).toList();
    }

    private static boolean utf8(Path file) {
        try {
            Utf8.decode(Files.readAllBytes(file));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String shown(Path file) {
        return REPOSITORY.relativize(file).toString().replace('\\', '/');
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MeshFormatter.Result format(String name, String text) {
        return MeshFormatter.format(new SourceFile(name, Optional.empty(), text));
    }

    @Test
    void theRepositoryHasItsIstiodslFiles() {
        assertThat(all()).hasSizeGreaterThan(100).contains(REPOSITORY.resolve("mesh.istiodsl"),
                REPOSITORY.resolve("stdlib/src/main/resources/istiodsl/std/hardening.istiodsl"));
    }

    @Test
    void everyIstiodslFileOfTheRepositoryIsFormatted_testInputsAside() {
        List<String> unformatted = new ArrayList<>();
        for (Path file : all()) {
            String name = shown(file);
            if (NOT_CHECKED.stream().anyMatch(name::startsWith)) {
                continue;
            }
            MeshFormatter.Result result = format(name, read(file));
            assertThat(result.diagnostics()).as(name).isEmpty();
            if (!result.text().orElseThrow().equals(read(file))) {
                unformatted.add(name);
            }
        }
        assertThat(unformatted).as("run `istiodsl fmt` (or mvn istiodsl:format) on these").isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> formattingIsIdempotentKeepsEveryCommentAndBindsToTheSameModel() {
        return all().stream().map(file -> DynamicTest.dynamicTest(shown(file), () -> {
            String text = read(file);
            MeshFormatter.Result once = format(file.getFileName().toString(), text);
            if (!once.formatted()) {
                assertThat(once.diagnostics()).extracting(Diagnostic::id).allMatch(id -> id.startsWith("Syntax"));
                return;
            }
            String formatted = once.text().get();
            assertThat(format("again", formatted).text()).contains(formatted);
            assertThat(comments(formatted)).isEqualTo(comments(text));
            assertSameModel(file, formatted);
        }));
    }

    @TestFactory
    Stream<DynamicTest> aFileWithItsWhiteSpaceShuffledFormatsToTheSameModel() {
        return all().stream().filter(file -> format("x", read(file)).formatted()).flatMap(file ->
                Stream.of(1L, 2L, 3L).map(seed -> DynamicTest.dynamicTest(shown(file) + " #" + seed, () -> {
                    String shuffled = shuffleWhiteSpace(read(file), new Random(seed));
                    MeshFormatter.Result once = format("shuffled", shuffled);
                    assertThat(once.diagnostics()).as(shuffled).isEmpty();
                    String formatted = once.text().orElseThrow();
                    assertThat(format("again", formatted).text()).as(shuffled).contains(formatted);
                    assertThat(comments(formatted)).isEqualTo(comments(read(file)));
                    assertSameModel(file, formatted);
                })));
    }

    @Test
    void aFileWithASyntaxError_isReportedAndLeftUntouched(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path broken = dir.resolve("mesh.istiodsl");
        String text = "mesh m {\n  tag stable ->\n}\n";
        Files.writeString(broken, text);
        Formatting.Outcome outcome = Formatting.format(List.of(dir), dir, false);
        assertThat(outcome.result().diagnostics()).extracting(Diagnostic::id).containsExactly("Syntax.Unexpected");
        assertThat(outcome.result().diagnostics().get(0).location().file()).isEqualTo("mesh.istiodsl");
        assertThat(Files.readString(broken)).isEqualTo(text);
        assertThat(outcome.clean()).isFalse();
    }

    @Test
    void aFileThatIsNotUtf8_isReportedAsTheCompilerReportsItAndLeftUntouched(
            @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        byte[] latin1 = "mesh m {\n  hub \"r\u00e4der\"\n}\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("mesh.istiodsl"), latin1);
        Formatting.Outcome outcome = Formatting.format(List.of(dir), dir, false);
        assertThat(outcome.result().diagnostics()).extracting(Diagnostic::toString).containsExactly(
                "ERROR Bind.FileNotReadable mesh.istiodsl:1:1: cannot read mesh.istiodsl: not UTF-8 text: byte 0xE4 at"
                        + " line 2, column 9");
        assertThat(Files.readAllBytes(dir.resolve("mesh.istiodsl"))).isEqualTo(latin1);
    }

    @Test
    void checking_namesTheUnformattedFilesAndWritesNothing(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("mesh.istiodsl"), "mesh m {\n  hub a\n}\n");
        Files.writeString(dir.resolve("lib/x.istiodsl"), "overlay o { drop A \"b\" }\n");
        Files.createDirectories(dir.resolve("target"));
        Files.writeString(dir.resolve("target/skipped.istiodsl"), "overlay o { drop A \"b\" }\n");
        Formatting.Outcome checked = Formatting.format(List.of(dir), dir, true);
        assertThat(checked.unformatted()).containsExactly("lib/x.istiodsl");
        assertThat(Files.readString(dir.resolve("lib/x.istiodsl"))).isEqualTo("overlay o { drop A \"b\" }\n");
        Formatting.Outcome written = Formatting.format(List.of(dir), dir, false);
        assertThat(written.unformatted()).containsExactly("lib/x.istiodsl");
        assertThat(Files.readString(dir.resolve("lib/x.istiodsl"))).isEqualTo("overlay o {\n  drop A \"b\"\n}\n");
        assertThat(Formatting.format(List.of(dir), dir, true).clean()).isTrue();
    }

    /** Binds the file as it is and as formatted (every .istiodsl beside it and the std library formatted too). */
    private static void assertSameModel(Path file, String formatted) {
        Path project = file.getParent();
        Bound before = bind(project, file, Map.of(), StandardLibrary.onClasspath());
        Map<Path, String> unsaved = new TreeMap<>();
        for (Path other : Formatting.sources(project).stream().filter(RepositoryFormattingTest::utf8).toList()) {
            format("x", read(other)).text().ifPresent(text -> unsaved.put(other, text));
        }
        unsaved.put(file, formatted);
        Bound after = bind(project, file, unsaved, formattedStandardLibrary());
        assertThat(after.ids()).as("diagnostics of %s", file).isEqualTo(before.ids());
        assertThat(after.model()).as("model of %s", file).isEqualTo(before.model());
    }

    private record Bound(List<String> ids, String model) {
    }

    private static Bound bind(Path project, Path file, Map<Path, String> unsaved, StandardLibrary std) {
        Diagnostics diagnostics = new Diagnostics();
        Binder binder = new Binder(project, new SourceSet(), diagnostics, std);
        unsaved.forEach(binder::withUnsaved);
        Optional<Mesh> mesh = binder.bind(file);
        return new Bound(diagnostics.sorted().stream().map(d -> d.id() + " " + d.severity()).toList(),
                mesh.map(ModelText::of).orElse("no mesh"));
    }

    private static StandardLibrary formattedStandardLibrary() {
        ClassLoader real = StandardLibrary.class.getClassLoader();
        return new StandardLibrary(new ClassLoader(real) {
            @Override
            public InputStream getResourceAsStream(String name) {
                InputStream in = real.getResourceAsStream(name);
                if (in == null || !name.endsWith(".istiodsl")) {
                    return in;
                }
                try (in) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    return new ByteArrayInputStream(format(name, text).text().orElse(text)
                            .getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    private static final Pattern COMMENT = Pattern.compile("\"(?:\\\\.|[^\"\\\\\\n])*\"|(#|//)[^\\n]*|/\\*(?s:.*?)\\*/");

    /** Every comment's text, trailing blanks aside, in order. */
    private static List<String> comments(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = COMMENT.matcher(text.replace("\r\n", "\n"));
        while (m.find()) {
            if (!m.group().startsWith("\"")) {
                found.add(m.group().replaceAll("(?m)[ \t]+$", ""));
            }
        }
        return found;
    }

    /**
     * The text with each run of white space between tokens replaced by another: a space, a line break, several
     * blank lines or tabs. Line breaks after line comments stay line breaks.
     */
    private static String shuffleWhiteSpace(String text, Random random) {
        String[] choices = {" ", "\n", "\n\n\n", "\t ", "  \n    "};
        StringBuilder out = new StringBuilder();
        Matcher m = Pattern.compile("\"(?:\\\\.|[^\"\\\\\\n])*\"|(#|//)[^\\n]*|/\\*(?s:.*?)\\*/|[ \\t\\r\\n]+")
                .matcher(text);
        int last = 0;
        boolean afterLineComment = false;
        while (m.find()) {
            out.append(text, last, m.start());
            String token = m.group();
            if (token.isBlank()) {
                String replacement = choices[random.nextInt(choices.length)];
                out.append(afterLineComment && !replacement.contains("\n") ? "\n" : replacement);
                afterLineComment = false;
            } else {
                out.append(token);
                afterLineComment = token.startsWith("#") || token.startsWith("//");
            }
            last = m.end();
        }
        out.append(text.substring(last));
        return out.toString();
    }
}
