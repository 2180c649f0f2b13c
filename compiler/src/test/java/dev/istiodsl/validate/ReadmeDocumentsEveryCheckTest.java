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

import static org.assertj.core.api.Assertions.assertThat;

/** The README is where users look a finding up: every built-in rule and resource check has its row or its mention. */
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
}
