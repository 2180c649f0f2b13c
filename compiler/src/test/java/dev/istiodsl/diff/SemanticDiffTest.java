package dev.istiodsl.diff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.json.Yaml;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class SemanticDiffTest {

    private static JsonNode yaml(String text) throws Exception {
        return Yaml.readDocuments(text).get(0);
    }

    private static List<String> fields(String before, String after) throws Exception {
        return SemanticDiff.fields(yaml(before), yaml(after)).stream()
                .map(f -> f.path() + ": " + f.before() + " -> " + f.after()).toList();
    }

    @Test
    void aFileThatIsNoKubernetesObjectGoesByItsFileName() {
        var changes = SemanticDiff.compare(java.util.Map.of("prod/flux/kustomization.yaml",
                bytes("kind: Kustomization\nresources: [a.yaml]\n")), java.util.Map.of(
                "prod/flux/kustomization.yaml", bytes("kind: Kustomization\nresources: [a.yaml, b.yaml]\n"),
                "prod/helmfile.yaml", bytes("releases: []\n")));
        assertThat(changes.get("prod")).extracting(c -> c.kind() + " " + c.name()).containsExactly(
                "Kustomization kustomization.yaml", "file helmfile.yaml");
    }

    @Test
    void keyOrderAndFormattingAreNotChanges() throws Exception {
        assertThat(fields("kind: ConfigMap\nmetadata: {name: a}\ndata: {x: '1', y: \"2\"}\n",
                "metadata:\n  name: a\nkind: ConfigMap\ndata:\n  y: '2'\n  x: \"1\"\n")).isEmpty();
    }

    @Test
    void containersAreMatchedByNameSoAMoveIsOneOrderChange() throws Exception {
        String before = "kind: Deployment\nspec: {template: {spec: {containers: [{name: a, image: x:1}, "
                + "{name: b, image: y:1, env: [{name: K, value: '1'}, {name: L, value: '2'}]}]}}}\n";
        String after = "kind: Deployment\nspec: {template: {spec: {containers: [{name: b, image: y:1, "
                + "env: [{name: L, value: '2'}, {name: K, value: '3'}]}, {name: a, image: x:2}]}}}\n";
        assertThat(fields(before, after)).containsExactly(
                "spec.template.spec.containers[name=a].image: x:1 -> x:2",
                "spec.template.spec.containers[name=b].env[name=K].value: 1 -> 3",
                "spec.template.spec.containers[name=b].env (order of name): K, L -> L, K",
                "spec.template.spec.containers (order of name): a, b -> b, a");
    }

    @Test
    void portsWithoutNamesAreMatchedByPort() throws Exception {
        assertThat(fields("kind: Service\nspec: {ports: [{port: 80, targetPort: 8080}, {port: 443}]}\n",
                "kind: Service\nspec: {ports: [{port: 443}, {port: 80, targetPort: 9090}]}\n"))
                .containsExactly("spec.ports[port=80].targetPort: 8080 -> 9090",
                        "spec.ports (order of port): 80, 443 -> 443, 80");
    }

    @Test
    void addedAndRemovedFieldsAndListItems() throws Exception {
        assertThat(fields("kind: X\nspec: {a: 1, list: [{name: one}]}\n",
                "kind: X\nspec: {b: {c: true}, list: [{name: one}, {name: two, v: 2}]}\n")).containsExactly(
                "spec.a: 1 -> null", "spec.list[name=two]: null -> {\"name\":\"two\",\"v\":2}",
                "spec.b: null -> {\"c\":true}");
    }

    @Test
    void secretValuesAreNeverShownOnlyTheirKeys() throws Exception {
        List<String> changed = fields("kind: Secret\nmetadata: {name: s}\ndata: {token: b2xk, same: eA==}\n",
                "kind: Secret\nmetadata: {name: s}\ndata: {token: bmV3, extra: eQ==, same: eA==}\n");
        assertThat(changed).containsExactly("data.token: <redacted> -> <redacted>",
                "data.extra: null -> <redacted>");
        assertThat(String.join("\n", fields("kind: Secret\nmetadata: {name: s}\n",
                "kind: Secret\nmetadata: {name: s}\nstringData: {password: hunter2}\n")))
                .isEqualTo("stringData: null -> <redacted: password>").doesNotContain("hunter2");
    }

    @Test
    void aCommittedSecretThatIsNoLongerYamlIsComparedWithoutItsText() {
        String secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: istio-system}\n";
        String path = "prod/base/secret/istio-system_db.yaml";
        var changes = SemanticDiff.compare(Map.of(path, bytes("<<<<<<< HEAD\n" + secret
                + "stringData: {password: ours-hunter2}\n=======\n" + secret
                + "stringData: {password: theirs-hunter2}\n"
                + ">>>>>>> theirs\n")), Map.of(path, bytes(secret + "stringData: {password: new-hunter2}\n")));

        assertThat(changes.get("prod")).singleElement().satisfies(change -> {
            assertThat(change.kind() + " " + change.name()).isEqualTo("Secret istio-system/db");
            assertThat(change.fields()).extracting(f -> f.path() + ": " + f.before() + " -> " + f.after())
                    .containsExactly(": <redacted: not YAML> -> <redacted: password>");
        });
    }

    @Test
    void aFileInTheSecretFolderIsASecretWhateverItHolds() {
        String path = "prod/base/secret/istio-system_db.yaml";
        var changes = SemanticDiff.compare(Map.of(path, bytes("password: ours-hunter2\n")),
                Map.of(path, bytes("password: new-hunter2\n")));

        assertThat(changes.get("prod")).singleElement().satisfies(change -> assertThat(change.fields())
                .extracting(f -> f.path() + ": " + f.before() + " -> " + f.after())
                .noneMatch(f -> f.contains("hunter2")));
    }

    @Test
    void treesAreComparedPerEnvironmentAndTheLockIsNotAResource() {
        Map<String, byte[]> before = new TreeMap<>(Map.of(
                "istiodsl.lock", bytes("x"),
                "prod/base/namespace/a.yaml", bytes("apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n"),
                "prod/base/namespace/gone.yaml", bytes("apiVersion: v1\nkind: Namespace\nmetadata: {name: gone}\n")));
        Map<String, byte[]> after = new TreeMap<>(Map.of(
                "istiodsl.lock", bytes("y"),
                "prod/base/namespace/a.yaml", bytes("apiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: "
                        + "{istio.io/rev: stable}}\n"),
                "test/base/namespace/new.yaml", bytes("apiVersion: v1\nkind: Namespace\nmetadata: {name: new}\n")));
        var changes = SemanticDiff.compare(before, after);
        assertThat(changes).containsOnlyKeys("prod", "test");
        assertThat(changes.get("prod")).extracting(c -> c.type() + " " + c.name()).containsExactly(
                "CHANGED a", "REMOVED gone");
        assertThat(changes.get("test")).extracting(c -> c.type() + " " + c.name()).containsExactly("ADDED new");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
