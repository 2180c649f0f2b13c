package dev.istiodsl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The istiodsl command as a user runs it: the packaged jar in a child process, in a project without a pom.xml. */
class CommandLineTest {

    @TempDir
    Path dir;

    @Test
    void help_listsEveryCommandAndTheExitCodes() {
        Istiodsl.Run run = Istiodsl.run(dir, "--help");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        for (String command : List.of("compile", "validate", "verify", "diff", "promote", "fmt", "lsp",
                "generate-completion")) {
            assertThat(run.out()).contains("  " + command + " ");
        }
        assertThat(run.out()).contains("Exit codes:", "2   usage error", "3   internal error");
    }

    @Test
    void everyCommandHasGeneratedHelpWithTheMavenPropertyNames() {
        Istiodsl.Run run = Istiodsl.run(dir, "diff", "--help");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("--mesh=FILE", "--projectDirectory=DIR", "--lockWait=SECONDS",
                "--soak.base=REF", "--diff.base=REF", "--diff.revisions=A,B", "--report=FILE", "--output=text|json");
    }

    @Test
    void completion_isABashScriptForEveryCommand() {
        Istiodsl.Run run = Istiodsl.run(dir, "generate-completion");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("complete -F", "istiodsl").contains("validate", "promote", "--diff.base");
    }

    @Test
    void version_isTheProjectVersion() {
        Istiodsl.Run run = Istiodsl.run(dir, "--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("0.1.0-SNAPSHOT");
    }

    @Test
    void unknownOption_isAUsageErrorWithoutTheWholeHelp() {
        Istiodsl.Run run = Istiodsl.run(dir, "validate", "--meshh=x");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--meshh=x'", "--mesh",
                "Try 'istiodsl validate --help'").doesNotContain("Usage:");
    }

    @Test
    void noCommand_isAUsageError() {
        Istiodsl.Run run = Istiodsl.run(dir);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("name a command");
    }

    @Test
    void aDirectoryWithoutMesh_isAUsageErrorNamingTheFileAndTheOption() {
        Istiodsl.Run run = Istiodsl.run(dir, "validate");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("mesh file " + dir.resolve("mesh.istiodsl").toAbsolutePath() + " does not"
                + " exist", "--mesh PATH");
    }

    @Test
    void aSettingThatCannotBeRead_isAUsageErrorNamingIt() {
        Istiodsl.project("manifest", dir);
        Istiodsl.Run run = Istiodsl.run(dir, "validate", "--today=tomorrow");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("istiodsl.today: 'tomorrow' is not a date such as 2026-12-01");
    }

    @Test
    void validate_cleanProject_exitsZeroAndWritesTheReports() {
        Istiodsl.project("manifest", dir);
        Istiodsl.Run run = Istiodsl.run(dir, "validate");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("istiodsl: 0 errors, ");
        assertThat(dir.resolve("target/istiodsl/istiodsl-findings.json")).isRegularFile();
        assertThat(dir.resolve("target/istiodsl/TEST-istiodsl.xml")).isRegularFile();
    }

    @Test
    void validate_errors_exitOneWithTheDiagnosticsAsMavenShowsThem() throws Exception {
        Files.writeString(dir.resolve("mesh.istiodsl"), """
                mesh demo {
                  revision r1 {
                    istio 1.22.8
                  }
                  tag stable -> r2
                }
                """);
        Istiodsl.Run run = Istiodsl.run(dir, "validate", "--expand=false");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("error[Bind.UnknownRevision]", "--> mesh.istiodsl:5:17",
                "5 |   tag stable -> r2",
                "istiodsl: the mesh: 1 error");
        assertThat(run.err()).contains("istiodsl: 1 error in mesh.istiodsl (see the messages above)");
    }

    @Test
    void outputJson_printsTheJsonReportAndNothingElseOnStandardOutput() throws Exception {
        Files.writeString(dir.resolve("mesh.istiodsl"), """
                mesh demo {
                  tag stable -> r2
                  environment test {
                  }
                }
                """);
        Istiodsl.Run run = Istiodsl.run(dir, "validate", "--expand=false", "--output=json");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.path("findings").findValuesAsText("id")).contains("Bind.UnknownRevision");
        assertThat(run.out()).isEqualTo(Files.readString(dir.resolve("target/istiodsl/istiodsl-findings.json"),
                StandardCharsets.UTF_8));
        assertThat(run.err()).contains("istiodsl: 2 errors in mesh.istiodsl");
    }

    @Test
    void compileThenVerify_writesTheTreeAndFindsItUpToDate_thenStaleAfterAHandEdit() throws Exception {
        Istiodsl.project("manifest", dir);
        Istiodsl.Run compile = Istiodsl.run(dir, "compile", "--cacheDirectory=target/cache");
        assertThat(compile.exitCode()).as(compile.toString()).isZero();
        assertThat(compile.out()).contains("istiodsl: expand: 0 istioctl runs, 0 from the cache",
                "istiodsl: environment test: ");
        assertThat(dir.resolve("deploy/istio/istiodsl.lock")).isRegularFile();

        Istiodsl.Run verify = Istiodsl.run(dir, "verify", "--cacheDirectory=target/cache");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("istiodsl: verify: the lock file records these sources");

        Path namespace = dir.resolve("deploy/istio/test/base/namespace/apps.yaml");
        Files.writeString(namespace, Files.readString(namespace) + "# edited\n");
        Istiodsl.Run stale = Istiodsl.run(dir, "verify", "--cacheDirectory=target/cache");
        assertThat(stale.exitCode()).as(stale.toString()).isEqualTo(1);
        assertThat(stale.out()).contains("Verify.HandEdited", "base/namespace/apps.yaml");
    }

    @Test
    void diff_againstACommittedTree_printsTheChangeAndWritesTheMarkdownReport() throws Exception {
        Istiodsl.project("manifest", dir);
        assertThat(Istiodsl.run(dir, "compile", "--cacheDirectory=target/cache").exitCode()).isZero();
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern("mesh.istiodsl").addFilepattern("render").addFilepattern("deploy").call();
            git.commit().setMessage("tree").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com")
                    .setSign(false).call();
        }
        Path mesh = dir.resolve("mesh.istiodsl");
        Files.writeString(mesh, Files.readString(mesh).replace("replace /spec/replicas 2", "replace /spec/replicas 3"));
        Istiodsl.Run diff = Istiodsl.run(dir, "diff", "--cacheDirectory=target/cache", "--color=never",
                "--diff.base=main");
        assertThat(diff.exitCode()).as(diff.toString()).isZero();
        assertThat(diff.out()).contains("spec.replicas: 2 -> 3");
        assertThat(Files.readString(dir.resolve("target/istiodsl/report.md"))).contains("replicas");
    }

    @Test
    void promote_unknownEnvironment_isAnErrorAndChangesNothing() throws Exception {
        Istiodsl.project("manifest", dir);
        String before = Files.readString(dir.resolve("mesh.istiodsl"));
        Istiodsl.Run run = Istiodsl.run(dir, "promote", "--from=test", "--to=prod", "--cacheDirectory=target/cache");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("Promote.UnknownEnvironment");
        assertThat(Files.readString(dir.resolve("mesh.istiodsl"))).isEqualTo(before);
    }

    @Test
    void promote_withoutTo_isAUsageError() {
        Istiodsl.Run run = Istiodsl.run(dir, "promote", "--from=test");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--to=ENV'");
    }

    @Test
    void fmt_rewritesTheFilesOutOfLayout_andCheckOnlyNamesThem() throws Exception {
        Files.writeString(dir.resolve("mesh.istiodsl"), "mesh demo { hub a }\n");
        Istiodsl.Run check = Istiodsl.run(dir, "fmt", "--check");
        assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
        assertThat(check.out()).contains("istiodsl: not formatted: mesh.istiodsl",
                "1 file is not formatted: run istiodsl fmt");
        assertThat(Files.readString(dir.resolve("mesh.istiodsl"))).isEqualTo("mesh demo { hub a }\n");

        Istiodsl.Run fmt = Istiodsl.run(dir, "fmt", "mesh.istiodsl");
        assertThat(fmt.exitCode()).as(fmt.toString()).isZero();
        assertThat(fmt.out()).contains("istiodsl: formatted mesh.istiodsl");
        assertThat(Files.readString(dir.resolve("mesh.istiodsl"))).isEqualTo("mesh demo {\n  hub a\n}\n");
        assertThat(Istiodsl.run(dir, "fmt", "--check").exitCode()).isZero();
    }

    @Test
    void fmt_aSyntaxError_isReportedAsTheCompilerReportsIt_andTheFileIsUntouched() throws Exception {
        String broken = "mesh demo {\n  tag stable ->\n}\n";
        Files.writeString(dir.resolve("mesh.istiodsl"), broken);
        Istiodsl.Run fmt = Istiodsl.run(dir, "fmt");
        assertThat(fmt.exitCode()).as(fmt.toString()).isEqualTo(1);
        assertThat(fmt.out()).contains("error[Syntax.Unexpected]", "--> mesh.istiodsl:3:1",
                "files with syntax errors were left as they are");
        assertThat(Files.readString(dir.resolve("mesh.istiodsl"))).isEqualTo(broken);
    }

    @Test
    void fmt_aFileThatDoesNotExist_isAUsageError() {
        Istiodsl.Run fmt = Istiodsl.run(dir, "fmt", "nowhere.istiodsl");
        assertThat(fmt.exitCode()).as(fmt.toString()).isEqualTo(2);
        assertThat(fmt.err()).contains("nowhere.istiodsl does not exist");
    }

    @Test
    void fmtCheck_theRepositorysOwnFilesAreFormatted() {
        Istiodsl.Run check = Istiodsl.run(Istiodsl.repository(), "fmt", "--check", "mesh.istiodsl", "examples",
                "stdlib", "cli");
        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.out()).isEmpty();
    }

    @Test
    void anInternalFailure_isOneLineNamingALogThatHoldsTheTrace() throws Exception {
        Istiodsl.project("manifest", dir);
        Files.writeString(dir.resolve("reports"), "a file where the report folder should be");
        Istiodsl.Run run = Istiodsl.run(dir, "validate", "--expand=false", "--reportDirectory=reports");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err().strip().lines()).hasSize(1);
        Matcher log = Pattern.compile("the trace is in (\\S+\\.log)").matcher(run.err());
        assertThat(log.find()).as(run.err()).isTrue();
        assertThat(run.err()).startsWith("istiodsl: I/O failure: cannot write the reports into");
        String trace = Files.readString(Path.of(log.group(1)));
        assertThat(trace).contains("validate --expand=false --reportDirectory=reports", "\tat dev.istiodsl.");
        Files.delete(Path.of(log.group(1)));
    }

    @Test
    void launcher_findsJavaThroughJavaHomeAndTheJarInTheCheckout() {
        Path launcher = Istiodsl.repository().resolve("bin/istiodsl");
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("PATH", "/usr/bin:/bin");
        environment.put("ISTIODSL_JAR", Istiodsl.jar().toString());
        Istiodsl.Run run = Istiodsl.exec(dir, List.of(launcher.toString(), "--version"), environment);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().strip()).isEqualTo("0.1.0-SNAPSHOT");
    }

    @Test
    void launcher_withoutAnyJava_saysSoAndExitsThree() throws Exception {
        Path launcher = Istiodsl.repository().resolve("bin/istiodsl");
        Path emptyBin = Files.createDirectories(dir.resolve("empty-bin"));
        for (String tool : List.of("sh", "dirname", "pwd")) {
            Path real = Path.of("/bin", tool);
            if (Files.exists(real)) {
                Files.createSymbolicLink(emptyBin.resolve(tool), real);
            }
        }
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", dir.resolve("no-java").toString());
        environment.put("PATH", emptyBin.toString());
        environment.put("ISTIODSL_JAR", Istiodsl.jar().toString());
        Istiodsl.Run run = Istiodsl.exec(dir, List.of("/bin/sh", launcher.toString(), "--version"), environment);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).contains("istiodsl: no Java found; install Java 17 or newer, or set JAVA_HOME");
    }
}
