package dev.istiodsl.validate.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.testing.Fixtures;
import dev.istiodsl.testing.Golden;
import dev.istiodsl.validate.Finding;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CEL rules of every real CRD bundle in the shared fixtures (Istio's CRD files, the base charts of every version,
 * and the CRDs inside every recorded istioctl and Helm render): each compiles here, and every resource of each render
 * passes the rules of its own CRDs. The number of rules per bundle is pinned in
 * {@code validate/schema/cel-rules-of-real-bundles.txt}.
 */
class CelRulesOfRealBundlesTest {

    @Test
    void everyRuleOfEveryVersionOfEveryRealBundle_compiles() throws Exception {
        StringBuilder summary = new StringBuilder();
        List<String> problems = new ArrayList<>();
        for (Path file : bundles()) {
            String name = Fixtures.root().relativize(file).toString().replace('\\', '/');
            int crds = 0;
            int versions = 0;
            int rules = 0;
            int failing = 0;
            for (Resource crd : crds(file)) {
                crds++;
                for (JsonNode version : crd.body().path("spec").path("versions")) {
                    JsonNode schema = version.path("schema").path("openAPIV3Schema");
                    if (!schema.isObject()) {
                        continue;
                    }
                    versions++;
                    CelRules compiled = CelRules.of(crd.name(), version.path("name").asText(), schema);
                    rules += compiled.ruleCount();
                    failing += compiled.problems().size();
                    compiled.problems().forEach(p -> problems.add(name + " " + crd.name() + " "
                            + version.path("name").asText() + " " + p));
                }
            }
            if (rules > 0) {
                summary.append(name).append(": ").append(crds).append(" CRDs, ").append(versions)
                        .append(" versions, ").append(rules).append(" rules, ").append(rules - failing)
                        .append(" compile\n");
            }
        }
        assertThat(problems).as("rules that do not compile here").isEmpty();
        Golden.check(Golden.sourceResources().resolve("validate/schema/cel-rules-of-real-bundles.txt"),
                summary.toString());
    }

    @Test
    void everyResourceOfEveryRealRender_passesTheSchemasAndRulesOfItsOwnCrds() throws Exception {
        Map<String, List<Finding>> found = new TreeMap<>();
        int judged = 0;
        for (String root : List.of("istio-manifests", "istio-helm-rendered")) {
            try (Stream<Path> dirs = Files.list(Fixtures.resolve(root))) {
                for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                    Map<String, Resource> resources = new LinkedHashMap<>();
                    try (Stream<Path> files = Files.list(dir)) {
                        for (Path file : files.filter(f -> f.toString().endsWith(".yaml")
                                && !f.getFileName().toString().equals("operator.yaml")).sorted().toList()) {
                            read(file).forEach(r -> resources.putIfAbsent(r.id().toString(), r));
                        }
                    }
                    CrdSchemas schemas = CrdSchemas.of(resources.values());
                    if (schemas.size() == 0) {
                        continue;  // a revision-only render carries no CRDs to judge it with
                    }
                    SchemaValidator validator = new SchemaValidator(schemas);
                    for (Resource resource : resources.values()) {
                        judged++;
                        List<Finding> findings = validator.validate(resource);
                        if (!findings.isEmpty()) {
                            found.put(root + "/" + dir.getFileName() + " " + resource.id(), findings);
                        }
                    }
                }
            }
        }
        assertThat(found).isEmpty();
        assertThat(judged).isGreaterThan(1000);
    }

    /** Every file of the fixtures that holds CRDs. */
    private static List<Path> bundles() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String root : List.of("istio-crds", "istio-charts", "istio-manifests", "istio-helm-rendered")) {
            try (Stream<Path> walk = Files.walk(Fixtures.resolve(root))) {
                walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".yaml"))
                        .filter(p -> !root.equals("istio-charts") || p.toString().contains("/charts/base/"))
                        .filter(p -> !p.toString().contains("/templates/"))
                        .sorted().forEach(out::add);
            }
        }
        return out;
    }

    private static List<Resource> crds(Path file) throws IOException, ManifestReader.Problem {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!text.contains("CustomResourceDefinition")) {
            return List.of();
        }
        return read(file).stream().filter(r -> r.kind().equals("CustomResourceDefinition")).toList();
    }

    private static List<Resource> read(Path file) throws IOException, ManifestReader.Problem {
        return ManifestReader.read(Files.readString(file, StandardCharsets.UTF_8),
                Fixtures.root().relativize(file).toString(), "default");
    }
}
