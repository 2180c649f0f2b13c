package dev.istiodsl.validate.istio;

import dev.istiodsl.resource.Resource;
import dev.istiodsl.testing.IstioResourceFixtures;
import dev.istiodsl.testing.Golden;
import dev.istiodsl.validate.Finding;
import dev.istiodsl.validate.schema.SchemaValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Istio resources of {@code ../shared/fixtures/istio-resources}: every valid one passes Istio's semantic
 * checks, and every invalid one is caught by the CRD schema or, where the schema cannot say it, by those checks. The
 * semantic findings are pinned in {@code validate/istio/invalid-findings.txt}.
 */
class IstioSemanticsFixturesTest {

    private static SchemaValidator schema;
    private final IstioSemantics semantics = new IstioSemantics();

    @BeforeAll
    static void readCrds() throws Exception {
        schema = IstioResourceFixtures.crdSchemas();
    }

    @Test
    void everyValidResourcePassesTheSemanticChecks() throws Exception {
        Map<String, List<Finding>> found = new TreeMap<>();
        for (Path file : IstioResourceFixtures.files("istio-resources/valid")) {
            for (Resource resource : IstioResourceFixtures.read(file)) {
                List<Finding> findings = semantics.validate(resource);
                if (!findings.isEmpty()) {
                    found.put(IstioResourceFixtures.relative(file) + " " + resource.id(), findings);
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void everyInvalidFileIsCaughtByTheSchemaOrByTheSemanticChecks() throws Exception {
        StringBuilder golden = new StringBuilder();
        List<String> uncaught = new ArrayList<>();
        for (Path file : IstioResourceFixtures.files("istio-resources/invalid")) {
            List<Finding> bySchema = new ArrayList<>();
            List<Finding> bySemantics = new ArrayList<>();
            for (Resource resource : IstioResourceFixtures.read(file)) {
                bySchema.addAll(schema.validate(resource));
                bySemantics.addAll(semantics.validate(resource));
            }
            if (bySchema.isEmpty() && bySemantics.isEmpty()) {
                uncaught.add(IstioResourceFixtures.relative(file));
            }
            if (!bySemantics.isEmpty()) {
                golden.append("# ").append(IstioResourceFixtures.relative(file)).append('\n');
                bySemantics.forEach(f -> golden.append(f.severity()).append(' ').append(f.id()).append(' ')
                        .append(f.resource().orElseThrow()).append(' ').append(f.path()).append(": ")
                        .append(f.message()).append('\n'));
            }
        }
        assertThat(uncaught).as("invalid fixtures that nothing catches").isEmpty();
        Golden.check(Golden.sourceResources().resolve("validate/istio/invalid-findings.txt"), golden.toString());
    }
}
