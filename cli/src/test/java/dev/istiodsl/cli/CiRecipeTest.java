package dev.istiodsl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * examples/ci/github-actions.yml parses, does what the README recommends, and every istiodsl command line in it is
 * one the real command parses: commands and options that exist, with values they accept.
 */
class CiRecipeTest {

    private static final Path RECIPE = Istiodsl.repository().resolve("examples/ci/github-actions.yml");

    private static JsonNode workflow() throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(RECIPE.toFile());
    }

    private static List<JsonNode> steps() throws Exception {
        List<JsonNode> steps = new ArrayList<>();
        workflow().path("jobs").forEach(job -> job.path("steps").forEach(steps::add));
        return steps;
    }

    /** Each istiodsl command line of the recipe, by its command, as shell words. */
    private static Map<String, List<String>> invocations() throws Exception {
        Map<String, List<String>> found = new TreeMap<>();
        Pattern line = Pattern.compile("(?m)(?:^|\\|\\||&&|;)\\s*istiodsl\\s+([^\\n|;&]*)");
        for (JsonNode step : steps()) {
            Matcher m = line.matcher(step.path("run").asText());
            while (m.find()) {
                List<String> words = List.of(m.group(1).strip().split("\\s+"));
                assertThat(found.put(words.get(0), words)).as("one %s in the recipe", words.get(0)).isNull();
            }
        }
        return found;
    }

    @Test
    void theRecipeIsAWorkflowWithOneJob() throws Exception {
        JsonNode workflow = workflow();
        assertThat(workflow.path("name").asText()).isEqualTo("istiodsl");
        assertThat(workflow.path("on").has("pull_request")).isTrue();
        assertThat(workflow.path("jobs").size()).isEqualTo(1);
        assertThat(steps()).allSatisfy(step -> assertThat(step.has("run") || step.has("uses")).isTrue());
    }

    @Test
    void itChecksOutTheWholeHistory() throws Exception {
        JsonNode checkout = steps().get(0);
        assertThat(checkout.path("uses").asText()).startsWith("actions/checkout@");
        assertThat(checkout.path("with").path("fetch-depth").asInt(-1)).isZero();
    }

    @Test
    void itRunsFmtCheckVerifyAndDiffAgainstOriginMain() throws Exception {
        Map<String, List<String>> runs = invocations();
        assertThat(runs).containsOnlyKeys("fmt", "verify", "diff");
        assertThat(runs.get("fmt")).contains("--check");
        assertThat(runs.get("diff")).contains("--diff.base=origin/main", "--soak.base=origin/main");
        assertThat(runs.get("verify")).contains("--soak.base=origin/main");
    }

    @Test
    void everyCommandLineOfTheRecipeParses_onlyCommandsAndOptionsThatExist() throws Exception {
        for (List<String> words : invocations().values()) {
            CommandLine line = IstiodslCommand.commandLine();
            CommandLine.ParseResult parsed = line.parseArgs(words.toArray(String[]::new));
            assertThat(parsed.hasSubcommand()).as("%s is a command", words.get(0)).isTrue();
            assertThat(parsed.subcommand().unmatched()).as("%s", words).isEmpty();
        }
    }

    @Test
    void theDiffReportItWritesIsTheOneItPosts() throws Exception {
        String report = invocations().get("diff").stream().filter(w -> w.startsWith("--report="))
                .map(w -> w.substring("--report=".length())).findFirst().orElseThrow();
        JsonNode post = steps().stream().filter(s -> s.path("run").asText().contains("gh pr comment")).findFirst()
                .orElseThrow();
        assertThat(post.path("run").asText()).contains("--body-file " + report);
        assertThat(post.path("if").asText()).contains("hashFiles('" + report + "')");
    }
}
