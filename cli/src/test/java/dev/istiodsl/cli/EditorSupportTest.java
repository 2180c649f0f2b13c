package dev.istiodsl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.istiodsl.compiler.Formatting;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The editor support under editors/: the TextMate grammar checked in a real TextMate engine on every .istiodsl file
 * of the repository, and the VS Code extension's manifest.
 */
class EditorSupportTest {

    private static final Path EDITORS = Istiodsl.repository().resolve("editors");
    private static final Path GRAMMAR = EDITORS.resolve("vscode/syntaxes/istiodsl.tmLanguage.json");

    /** The engine VS Code runs, installed from npm into this module's target folder, never into the repository. */
    private static final List<String> ENGINE = List.of("vscode-textmate@9.3.2", "vscode-oniguruma@2.0.1");

    @Test
    void theGrammarScopesEveryCommentAndStringOfTheRepository_andTheSampleAsPromised() throws Exception {
        Path scratch = Path.of("target", "textmate-engine").toAbsolutePath();
        Assumptions.assumeTrue(available("node"), "node is not installed: the TextMate grammar's scopes were not"
                + " checked (install Node.js to check them)");
        Assumptions.assumeTrue(available("npm"), "npm is not installed: the TextMate grammar's scopes were not"
                + " checked");
        if (!Files.isDirectory(scratch.resolve("node_modules/vscode-textmate"))
                || !Files.isDirectory(scratch.resolve("node_modules/vscode-oniguruma"))) {
            Files.createDirectories(scratch);
            List<String> install = new ArrayList<>(List.of("npm", "install", "--no-audit", "--no-fund",
                    "--no-save", "--prefix", scratch.toString()));
            install.addAll(ENGINE);
            Istiodsl.Run installed = Istiodsl.exec(scratch, install, Map.of());
            Assumptions.assumeTrue(installed.exitCode() == 0, "npm could not install " + ENGINE + " (offline?):"
                    + " the TextMate grammar's scopes were not checked\n" + installed);
        }
        List<String> command = new ArrayList<>(List.of("node", EDITORS.resolve("test/grammar-scopes.cjs").toString(),
                GRAMMAR.toString()));
        List<Path> files = Formatting.sources(Istiodsl.repository());
        assertThat(files).hasSizeGreaterThan(100);
        files.forEach(f -> command.add(f.toString()));
        Istiodsl.Run run = Istiodsl.exec(scratch, command, Map.of("NODE_PATH",
                scratch.resolve("node_modules").toString()));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains(files.size() + " files", "36 sample scopes; 0 failures");
    }

    @Test
    void theVsCodeExtensionRegistersTheLanguageTheGrammarAndTheServerCommand() throws Exception {
        JsonNode manifest = new ObjectMapper().readTree(EDITORS.resolve("vscode/package.json").toFile());
        JsonNode language = manifest.path("contributes").path("languages").get(0);
        assertThat(language.path("id").asText()).isEqualTo("istiodsl");
        assertThat(language.path("extensions").get(0).asText()).isEqualTo(".istiodsl");
        assertThat(EDITORS.resolve("vscode").resolve(language.path("configuration").asText())).isRegularFile();
        JsonNode grammar = manifest.path("contributes").path("grammars").get(0);
        assertThat(grammar.path("scopeName").asText()).isEqualTo("source.istiodsl");
        assertThat(EDITORS.resolve("vscode").resolve(grammar.path("path").asText()).normalize()).isEqualTo(GRAMMAR);
        assertThat(new ObjectMapper().readTree(GRAMMAR.toFile()).path("scopeName").asText())
                .isEqualTo("source.istiodsl");
        assertThat(EDITORS.resolve("vscode").resolve(manifest.path("main").asText())).isRegularFile();
        JsonNode command = manifest.path("contributes").path("configuration").path("properties")
                .path("istiodsl.command").path("default");
        assertThat(command.get(0).asText()).isEqualTo("istiodsl");
        assertThat(command.get(1).asText()).isEqualTo("lsp");
        Istiodsl.Run help = Istiodsl.run(Istiodsl.repository(), command.get(1).asText(), "--help");
        assertThat(help.exitCode()).as(help.toString()).isZero();
    }

    private static boolean available(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
