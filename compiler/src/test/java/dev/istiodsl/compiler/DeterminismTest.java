package dev.istiodsl.compiler;

import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.testing.ModelText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;

/** The front end means the same thing whatever the declaration order, the folder, the locale or the time zone. */
class DeterminismTest {

    private static final List<String> MEMBERS = List.of(
            "namespace istio-system",
            "hub \"registry.example.com/istio\"",
            "revision 1-22-8 { istio 1.22.8  set values.pilot.env.A = \"1\"  values { b: 1, a: 2 } }",
            "revision 1-24-6 { istio 1.24.6  profile minimal }",
            "tag stable -> 1-22-8",
            "gateway public { replicas 2  port http2 80 -> 8080 }",
            "gateway internal { kind egress }",
            "overlay trace { patch Deployment \"istiod\" { replace /spec/replicas 2 } drop EnvoyFilter \"x-*\" }",
            "overlay quiet { set meshConfig.accessLogFile = \"\" }",
            "environment test { revisions 1-22-8, 1-24-6  tag canary -> 1-24-6  overlays trace "
                    + "namespaces { a -> stable  b -> canary } }",
            "environment staging after test soak 1d extends test { overlays quiet }",
            "environment prod after staging soak 7d extends staging { clusters eu, us }");

    @TempDir
    Path temp;

    @Test
    void shuffledDeclarationsInAnotherFolderBindToTheSameModel() throws IOException {
        String expected = ModelText.of(bind(Path.of("first"), MEMBERS));
        Random random = new Random(42);
        for (int i = 0; i < 5; i++) {
            List<String> shuffled = new ArrayList<>(MEMBERS);
            Collections.shuffle(shuffled, random);
            assertThat(ModelText.of(bind(Path.of("run-" + i, "nested"), shuffled))).isEqualTo(expected);
        }
    }

    @Test
    void diagnosticsAreTheSameInAnotherLocaleAndTimeZone() throws IOException {
        List<String> broken = new ArrayList<>(MEMBERS);
        broken.add("environment INVALID { revisions 1-20-0  tag ISTIO -> 1-22-8  kubernetes one }");
        broken.add("revision İSTANBUL { istio 1.2 }");
        List<String> expected = diagnostics(Path.of("a"), broken);
        Locale locale = Locale.getDefault();
        TimeZone zone = TimeZone.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            assertThat(diagnostics(Path.of("b"), broken)).isEqualTo(expected).isNotEmpty();
        } finally {
            Locale.setDefault(locale);
            TimeZone.setDefault(zone);
        }
    }

    private dev.istiodsl.model.Mesh bind(Path folder, List<String> members) throws IOException {
        CompileResult result = validate(folder, members);
        assertThat(result.diagnostics()).isEmpty();
        return result.mesh().orElseThrow();
    }

    private List<String> diagnostics(Path folder, List<String> members) throws IOException {
        return validate(folder, members).diagnostics().stream().map(Diagnostic::toString).toList();
    }

    private CompileResult validate(Path folder, List<String> members) throws IOException {
        Path project = Files.createDirectories(temp.resolve(folder));
        Files.writeString(project.resolve("mesh.istiodsl"), "mesh m {\n  " + String.join("\n  ", members) + "\n}\n");
        return new Compiler().bind(CompileRequest.forProject(project));
    }
}
