package dev.istiodsl.validate.schema;

import dev.istiodsl.resource.Resource;
import dev.istiodsl.testing.IstioResourceFixtures;
import dev.istiodsl.testing.Golden;
import dev.istiodsl.validate.Finding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The validator against real Istio 1.29.2 CRDs and real valid and invalid resources from the shared fixtures. */
class SchemaValidatorFixturesTest {

    /**
     * Invalid files whose mistake neither the structural schema nor any CEL rule of Istio's CRDs can see: only istiod's
     * webhook refuses them (IstioSemantics, each pinned in IstioSemanticsTest). Each must produce no findings here, so
     * this list stays honest when the validator learns more.
     */
    static final Map<String, String> UNCATCHABLE = Map.ofEntries(
            Map.entry("invalid/istio-validation-dataset/networking-v1alpha3-EnvoyFilter-invalid.yaml",
                    "an empty patch {} for applyTo LISTENER: neither the schema nor a CEL rule requires an operation;"
                            + " istiod's webhook does"),
            Map.entry("invalid/istio-validation-dataset/networking-v1alpha3-Gateway-invalid.yaml",
                    "a Gateway without servers: servers is not required by the schema or a CEL rule; istiod's"
                            + " webhook requires at least one"),
            Map.entry("invalid/istio-validation-dataset/networking-v1beta-Gateway-invalid.yaml",
                    "a Gateway without servers: servers is not required by the schema or a CEL rule; istiod's"
                            + " webhook requires at least one"),
            Map.entry("invalid/istio-validation-dataset/networking-v1alpha3-Sidecar-invalid.yaml",
                    "egress: [] — the schema has no minItems and no CEL rule; istiod's webhook requires an egress"
                            + " listener"),
            Map.entry("invalid/istio-validation-dataset/networking-v1beta-Sidecar-invalid.yaml",
                    "egress: [] — the schema has no minItems and no CEL rule; istiod's webhook requires an egress"
                            + " listener"),
            Map.entry("invalid/istio-validation-dataset/networking-v1alpha3-VirtualService-invalid.yaml",
                    "a negative route weight and no hosts: weight is a plain int32 without minimum or CEL rule, and"
                            + " hosts is optional (delegate VirtualServices); istiod's webhook refuses both"),
            Map.entry("invalid/istio-validation-dataset/networking-v1beta-VirtualService-invalid.yaml",
                    "a negative route weight and no hosts: weight is a plain int32 without minimum or CEL rule, and"
                            + " hosts is optional (delegate VirtualServices); istiod's webhook refuses both"),
            Map.entry("invalid/istio-validation-dataset/networking-v1alpha3-VirtualService-regexp-invalid.yaml",
                    "a regex with a lookahead (?!...), which RE2 cannot compile: the schema only says string and no CEL"
                            + " rule compiles it; istiod's webhook does"),
            Map.entry("invalid/istio-validation-dataset/networking-v1alpha3-WorkloadEntry-invalid.yaml",
                    "address: \"\" — a string, and present, so even the CEL rule has(self.address) passes;"
                            + " istiod's webhook refuses an empty address"),
            Map.entry("invalid/istio-validation-dataset/networking-v1beta-WorkloadEntry-invalid.yaml",
                    "address: \"\" — a string, and present, so even the CEL rule has(self.address) passes;"
                            + " istiod's webhook refuses an empty address"));

    private static SchemaValidator validator;

    @BeforeAll
    static void readCrds() throws Exception {
        validator = IstioResourceFixtures.crdSchemas();
    }

    @Test
    void everyValidResource_hasNoFindings() throws Exception {
        Map<String, List<Finding>> found = new TreeMap<>();
        int resources = 0;
        for (Path file : IstioResourceFixtures.files("istio-resources/valid")) {
            for (Resource resource : IstioResourceFixtures.read(file)) {
                resources++;
                List<Finding> findings = validator.validate(resource);
                if (!findings.isEmpty()) {
                    found.put(IstioResourceFixtures.relative(file) + " " + resource.id(), findings);
                }
            }
        }
        assertThat(found).isEmpty();
        assertThat(resources).isGreaterThan(50);
    }

    @Test
    void invalidFiles_havePinnedFindings_orAreListedAsUncatchable() throws Exception {
        StringBuilder golden = new StringBuilder();
        List<String> uncaught = new ArrayList<>();
        List<String> caughtAnyway = new ArrayList<>();
        for (Path file : IstioResourceFixtures.files("istio-resources/invalid")) {
            String name = IstioResourceFixtures.relative(file);
            List<String> lines = new ArrayList<>();
            for (Resource resource : IstioResourceFixtures.read(file)) {
                for (Finding finding : validator.validate(resource)) {
                    lines.add(render(finding));
                }
            }
            if (UNCATCHABLE.containsKey(name)) {
                if (!lines.isEmpty()) {
                    caughtAnyway.add(name + ": " + lines);
                }
                continue;
            }
            if (lines.isEmpty()) {
                uncaught.add(name);
                continue;
            }
            golden.append("# ").append(name).append('\n');
            lines.forEach(line -> golden.append(line).append('\n'));
        }
        Golden.check(Golden.sourceResources().resolve("validate/schema/invalid-findings.txt"), golden.toString());
        assertThat(uncaught).as("invalid files without findings that are not listed as uncatchable").isEmpty();
        assertThat(caughtAnyway).as("files listed as uncatchable that now have findings").isEmpty();
    }

    static String render(Finding finding) {
        return finding.severity() + " " + finding.id() + " " + finding.resource().map(Object::toString).orElse("")
                + " " + finding.path() + ": " + finding.message()
                + (finding.hint() == null ? "" : " (hint: " + finding.hint() + ")");
    }
}
