package dev.istiodsl.expand.istioctl;

import dev.istiodsl.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.istiodsl.expand.istioctl.StandIn.quote;
import static dev.istiodsl.expand.istioctl.StandIn.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessIstioctlRunnerTest {

    private static final String REVISIONED_1_22_8 = "istio-helm-rendered/1.22.8-rev-1-22-8/manifest.yaml";

    @TempDir
    Path tmp;

    private Path operatorFile;
    private IstioctlSettings settings;

    @BeforeEach
    void setUp() throws Exception {
        operatorFile = tmp.resolve("work/operator.yaml");
        Files.createDirectories(operatorFile.getParent());
        Files.writeString(operatorFile, "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\n"
                + "spec:\n  revision: 1-22-8\n");
        settings = IstioctlSettings.defaults(tmp.resolve("cache"), "")
                .withPathSearch(false, "")
                .withOffline(true)
                .withPlatform(new Platform("linux", "amd64"));
    }

    @Test
    void manifestGenerate_passesTheFileAndSetFlagsAsArguments_andReturnsStdoutByteForByte() throws Exception {
        Path fixture = Fixtures.resolve(REVISIONED_1_22_8);
        Path binary = StandIn.script()
                .on(List.of("manifest", "generate", "-f", operatorFile.toString(), "--set", "values.global.hub=x"),
                        "exec " + tool("cat") + " " + quote(fixture.toString()))
                .writeTo(tmp.resolve("bin/istioctl"));

        String manifest = new ProcessIstioctlRunner(settings).manifestGenerate(binary, operatorFile,
                List.of("values.global.hub=x"), operatorFile.getParent());

        assertThat(manifest.getBytes(StandardCharsets.UTF_8)).isEqualTo(Files.readAllBytes(fixture));
    }

    @Test
    void aValueWithSpacesAndQuotes_reachesIstioctlAsOneArgument() throws Exception {
        String flag = "values.pilot.env.GREETING=it's a \"test\" $HOME *";
        Path binary = StandIn.script()
                .on(List.of("manifest", "generate", "-f", operatorFile.toString(), "--set", flag), "echo ok")
                .writeTo(tmp.resolve("bin/istioctl"));

        String out = new ProcessIstioctlRunner(settings).manifestGenerate(binary, operatorFile, List.of(flag), tmp);

        assertThat(out).isEqualTo("ok\n");
    }

    @Test
    void outputOfSeveralMegabytes_isCapturedCompletely() throws Exception {
        Path fixture = Fixtures.resolve(REVISIONED_1_22_8);
        String cat = tool("cat") + " " + quote(fixture.toString());
        Path binary = StandIn.script()
                .on(List.of("manifest", "generate", "-f", operatorFile.toString()),
                        String.join(" && ", cat, cat, cat, cat))
                .writeTo(tmp.resolve("bin/istioctl"));

        String manifest = new ProcessIstioctlRunner(settings).manifestGenerate(binary, operatorFile, List.of(), tmp);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        byte[] once = Files.readAllBytes(fixture);
        for (int i = 0; i < 4; i++) {
            expected.write(once);
        }
        assertThat(expected.size()).isGreaterThan(2_500_000);
        assertThat(manifest.getBytes(StandardCharsets.UTF_8)).isEqualTo(expected.toByteArray());
    }

    @Test
    void failingIstioctl_isReportedWithItsExitCodeAndStderr() throws Exception {
        Path binary = StandIn.script()
                .on(List.of("manifest", "generate", "-f", operatorFile.toString()),
                        "echo 'partial output'; echo 'Error: unknown field \"foo\"' >&2; exit 1")
                .writeTo(tmp.resolve("bin/istioctl"));

        assertThatThrownBy(() -> new ProcessIstioctlRunner(settings).manifestGenerate(binary, operatorFile,
                List.of(), tmp))
                .isInstanceOf(IstioctlException.class)
                .hasMessageContaining("exit code 1")
                .hasMessageContaining("Error: unknown field \"foo\"")
                .hasMessageContaining(operatorFile.toString())
                .hasMessageNotContaining("partial output");
    }

    @Test
    void aFloodOnStderr_isCutToItsTail() throws Exception {
        Path binary = StandIn.script()
                .on(List.of("manifest", "generate", "-f", operatorFile.toString()),
                        tool("yes") + " 'warning: noise' | " + tool("head") + " -n 100000 >&2;"
                                + " echo 'Error: the real problem' >&2; exit 3")
                .writeTo(tmp.resolve("bin/istioctl"));

        assertThatThrownBy(() -> new ProcessIstioctlRunner(settings).manifestGenerate(binary, operatorFile,
                List.of(), tmp))
                .isInstanceOf(IstioctlException.class)
                .hasMessageContaining("exit code 3")
                .hasMessageContaining("bytes cut]")
                .hasMessageEndingWith("Error: the real problem")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(20_000));
    }

    @Test
    void hangingIstioctl_isKilledWithEverythingItStarted_whenTheTimeoutIsUp() throws Exception {
        Path pids = tmp.resolve("pids");
        Path binary = StandIn.script()
                .on(List.of("manifest", "generate", "-f", operatorFile.toString()),
                        // Three levels: istioctl, a shell it started, and that shell's sleep.
                        "/bin/sh -c " + quote(tool("sleep") + " 30 & echo $! >> " + quote(pids.toString()) + "; wait")
                                + " &\necho \"$$ $!\" >> " + quote(pids.toString()) + "\nwait")
                .writeTo(tmp.resolve("bin/istioctl"));
        ProcessIstioctlRunner runner = new ProcessIstioctlRunner(settings.withTimeout(Duration.ofSeconds(1)));

        long start = System.nanoTime();
        assertThatThrownBy(() -> runner.manifestGenerate(binary, operatorFile, List.of(), tmp))
                .isInstanceOf(IstioctlException.class)
                .hasMessageContaining("was killed after 1 second");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofSeconds(3));
        List<Long> started = Arrays.stream(Files.readString(pids).strip().split("\\s+")).map(Long::valueOf).toList();
        assertThat(started).hasSize(3).allSatisfy(pid -> assertThat(isRunning(pid)).as("pid %d", pid).isFalse());
    }

    @Test
    void istioctlSeesOnlyPathAndAFreshHome_soNoClusterOrUserConfigCanReachIt() throws Exception {
        Path binary = StandIn.script()
                .on(List.of("manifest", "generate", "-f", operatorFile.toString()),
                        "echo \"HOME=$HOME\"; [ -d \"$HOME\" ] && echo home-exists; " + tool("env"))
                .writeTo(tmp.resolve("bin/istioctl"));
        IstioctlSettings withPath = settings.withPathSearch(false, "/nowhere");

        String out = new ProcessIstioctlRunner(withPath).manifestGenerate(binary, operatorFile, List.of(), tmp);

        List<String> lines = out.lines().toList();
        Path home = Path.of(lines.get(0).substring("HOME=".length()));
        assertThat(home.getParent()).isEqualTo(tmp.resolve("cache/istioctl/home"));
        assertThat(lines.get(1)).isEqualTo("home-exists");
        assertThat(home).as("the run's HOME is removed afterwards").doesNotExist();
        Map<String, String> environment = lines.subList(2, lines.size()).stream()
                .map(line -> line.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
        // The shell running the stand-in adds PWD (and on some systems SHLVL / _); nothing may come from the JVM.
        assertThat(environment.keySet()).isSubsetOf("PATH", "HOME", "PWD", "OLDPWD", "SHLVL", "_");
        assertThat(environment).containsEntry("PATH", "/nowhere").doesNotContainKey("KUBECONFIG");
    }

    @Test
    void aSetFlagWithoutAValue_isABugInTheCaller() {
        assertThatThrownBy(() -> new ProcessIstioctlRunner(settings).manifestGenerate(tmp.resolve("istioctl"),
                operatorFile, List.of("values.global.hub"), tmp))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("values.global.hub");
    }

    @Test
    void aBinaryThatCannotStart_isAnIstioctlException() {
        assertThatThrownBy(() -> new ProcessIstioctlRunner(settings).manifestGenerate(tmp.resolve("missing"),
                operatorFile, List.of(), tmp))
                .isInstanceOf(IstioctlException.class)
                .hasMessageContaining("could not run istioctl manifest generate")
                .hasMessageContaining(tmp.resolve("missing").toString());
    }

    @Test
    void digest_isTheSha256OfTheBinary_andFollowsAReplacedFile() throws Exception {
        Path binary = tmp.resolve("istioctl");
        Files.writeString(binary, "abc");
        ProcessIstioctlRunner runner = new ProcessIstioctlRunner(settings);

        assertThat(runner.digest(binary))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        Files.writeString(binary, "abcd");
        assertThat(runner.digest(binary))
                .isEqualTo("88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e161936f031589");
    }

    /** Gone, or a zombie waiting to be reaped by whoever inherited it: either way it no longer runs. */
    private static boolean isRunning(long pid) throws Exception {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            if (Files.exists(stat)) {
                String text = Files.readString(stat);
                String state = text.substring(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3);
                return !state.equals("Z") && !state.equals("X");
            }
            return true;
        }
        return false;
    }
}
