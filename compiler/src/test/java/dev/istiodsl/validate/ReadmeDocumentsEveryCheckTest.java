package dev.istiodsl.validate;

import dev.istiodsl.validate.rules.Rule;
import dev.istiodsl.validate.rules.Rules;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README is where users look a finding up: every built-in rule and resource check has its row or its mention, and
 * every diagnostic id the compiler writes is named.
 */
class ReadmeDocumentsEveryCheckTest {

    private static String readme() throws IOException {
        Path fromModule = Path.of("..", "README.md");
        return Files.readString(Files.isRegularFile(fromModule) ? fromModule : Path.of("README.md"),
                StandardCharsets.UTF_8);
    }

    @Test
    void everyBuiltInRuleHasARowInTheValidationTable() throws IOException {
        String readme = readme();
        List<String> missing = new ArrayList<>();
        for (Rule rule : Rules.builtIn()) {
            if (!readme.contains("| `" + rule.id() + "` | " + rule.defaultSeverity().name().toLowerCase(
                    java.util.Locale.ROOT) + " |")) {
                missing.add(rule.id() + " (" + rule.defaultSeverity() + ")");
            }
        }
        assertThat(missing).as("rules without a row `| id | severity |` in README.md").isEmpty();
    }

    @Test
    void everyResourceCheckIsNamed() throws IOException {
        String readme = readme();
        assertThat(ValidateStage.CHECK_IDS).allSatisfy(id -> assertThat(readme).contains("`" + id + "`"));
    }

    /**
     * Every diagnostic id the compiler's sources write ({@code "Bind.UnknownRevision"}, a rule's {@code id()}, a
     * check's constant) is in the README: as {@code `Stage.Name`}, or, for the stages whose ids the README lists by
     * their last word after {@code `Bind.*`} or {@code `Syntax.*`}, as {@code `Name`} in that list.
     */
    @Test
    void everyDiagnosticIdOfTheCompilerIsInTheReadme() throws IOException {
        String readme = readme();
        Path sources = Files.isDirectory(Path.of("src/main/java")) ? Path.of("src/main/java")
                : Path.of("compiler/src/main/java");
        Pattern literal = Pattern.compile("\"([A-Z][A-Za-z]+\\.[A-Z][A-Za-z0-9]+)\"");
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = literal.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    ids.add(m.group(1));
                }
            }
        }
        assertThat(ids).as("ids found in %s", sources).hasSizeGreaterThan(100);
        assertThat(ids.stream().filter(id -> !documented(readme, id)).toList())
                .as("diagnostic ids the README does not name").isEmpty();
    }

    private static boolean documented(String readme, String id) {
        if (readme.contains("`" + id + "`")) {
            return true;
        }
        String stage = id.substring(0, id.indexOf('.'));
        int start = readme.indexOf("`" + stage + ".*`");
        if (start < 0) {
            return false;
        }
        Matcher next = Pattern.compile("`[A-Z][a-z]+\\.\\*`|\n\n").matcher(readme);
        int end = next.find(start + 1) ? next.start() : readme.length();
        return readme.substring(start, end).contains("`" + id.substring(stage.length() + 1) + "`");
    }
}
