package dev.istiodsl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.emit.CanonicalYaml;
import dev.istiodsl.json.Yaml;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The compiler's hot paths over a real Istio render (1.24.6, about 1 MB, its CRDs included): reading the manifest
 * (every environment's expansion goes through it once per compile) and writing each resource as canonical YAML (every
 * file of the tree). Run with {@code bench/jmh.sh}; {@code -Dbench.manifest=FILE} reads another render.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPaths {

    private String manifest;
    private List<ObjectNode> resources;

    @Setup
    public void read() throws IOException, Yaml.Problem {
        Path file = Path.of(System.getProperty("bench.manifest",
                "../shared/fixtures/istio-helm-rendered/1.24.6-rev-1-24-6/manifest.yaml"));
        manifest = Files.readString(file, StandardCharsets.UTF_8);
        resources = Yaml.readDocuments(manifest).stream().filter(JsonNode::isObject).map(ObjectNode.class::cast)
                .toList();
    }

    /** The manifest text into trees, with the anchor and number checks. */
    @Benchmark
    public List<JsonNode> readManifest() throws Yaml.Problem {
        return Yaml.readDocuments(manifest);
    }

    /** Every resource of the manifest as canonical YAML. */
    @Benchmark
    public void writeCanonicalYaml(Blackhole out) {
        for (ObjectNode resource : resources) {
            out.consume(CanonicalYaml.write(resource));
        }
    }
}
