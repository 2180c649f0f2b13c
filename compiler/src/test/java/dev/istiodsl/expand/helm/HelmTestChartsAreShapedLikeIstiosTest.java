package dev.istiodsl.expand.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The charts the Helm tests write stand in for Istio's, so they must render what the partitioner reads the way the
 * real ones do: checked against the real render of Istio 1.24.6's charts in ../shared/fixtures (revision 1-24-6, tag
 * canary; gateway release istio-ingressgateway-1-24-6 with service.type=None and labels app/istio). Every object the
 * test charts render exists there under the same kind, namespace and name, with the same {@code istio.io/rev} and
 * {@code istio.io/tag} labels, and the gateway Deployment has the same selector and pod labels.
 */
class HelmTestChartsAreShapedLikeIstiosTest {

    private static final String REAL = "istio-helm-rendered/1.24.6-rev-1-24-6/";

    @TempDir
    Path temp;

    @Test
    void everyObjectTheTestChartsRenderIsOneIstiosChartsRenderWithTheSameRevisionLabels() throws Exception {
        Path real = Fixtures.resolve(REAL);
        Path charts = IstioShapedCharts.folders(temp.resolve("charts"), "1.24.6");
        Map<String, String> values = Map.of(
                "base", "{\"base\": {\"enableCRDTemplates\": true}, \"defaultRevision\": \"1-24-6\"}",
                "istiod", "{\"revision\": \"1-24-6\", \"revisionTags\": [\"canary\"]}",
                "gateway", "{\"revision\": \"1-24-6\", \"service\": {\"type\": \"None\"}, \"labels\": "
                        + "{\"app\": \"istio-ingressgateway\", \"istio\": \"ingressgateway\"}}");
        for (String chart : List.of("base", "istiod", "gateway")) {
            Map<String, JsonNode> ours = byId(render(charts.resolve(chart), chart, values.get(chart)));
            Map<String, JsonNode> theirs = byId(Files.readString(real.resolve(chart + ".yaml")));
            assertThat(theirs.keySet()).as("objects of Istio's %s chart", chart).containsAll(ours.keySet());
            ours.forEach((id, object) -> {
                for (String label : List.of("istio.io/rev", "istio.io/tag")) {
                    assertThat(labels(object).path(label)).as("%s label %s", id, label)
                            .isEqualTo(labels(theirs.get(id)).path(label));
                }
            });
        }

        String deployment = "Deployment istio-ingress/istio-ingressgateway-1-24-6";
        JsonNode ours = byId(render(charts.resolve("gateway"), "gateway", values.get("gateway"))).get(deployment);
        JsonNode theirs = byId(Files.readString(real.resolve("gateway.yaml"))).get(deployment);
        assertThat(ours.at("/spec/selector")).isEqualTo(theirs.at("/spec/selector"));
        for (String label : List.of("app", "istio", "istio.io/rev", "sidecar.istio.io/inject")) {
            assertThat(ours.at("/spec/template/metadata/labels").path(label)).as("pod label %s", label)
                    .isEqualTo(theirs.at("/spec/template/metadata/labels").path(label));
        }
    }

    private String render(Path chart, String name, String values) throws Exception {
        Path file = Files.writeString(temp.resolve(name + ".json"), values);
        String release = name.equals("gateway") ? "istio-ingressgateway-1-24-6" : "istio";
        String namespace = name.equals("gateway") ? "istio-ingress" : "istio-system";
        return new Helm(chart).template().withName(release).withNamespace(namespace).withKubeVersion("1.28.0")
                .withValuesFile(file).call();
    }

    /** {@code Kind namespace/name} (or {@code Kind name}) to the object. */
    private static Map<String, JsonNode> byId(String manifest) throws Yaml.Problem {
        Map<String, JsonNode> objects = new TreeMap<>();
        for (JsonNode object : Yaml.readDocuments(manifest)) {
            String namespace = Optional.ofNullable(object.path("metadata").get("namespace"))
                    .map(n -> n.asText() + "/").orElse("");
            objects.put(object.path("kind").asText() + " " + namespace + object.path("metadata").path("name").asText(),
                    object);
        }
        return objects;
    }

    private static JsonNode labels(JsonNode object) {
        return object.path("metadata").path("labels");
    }
}
