package dev.istiodsl.validate.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.testing.Fixtures;
import dev.istiodsl.validate.Finding;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validator against every place of real objects: one mistake at a time is planted in an Istio 1.30 render (an
 * unknown field in every object, a value of another JSON type at every leaf) and must be reported exactly once, at
 * its pointer, unless fabric8's model really allows it there. Guards against a fabric8 upgrade that finds a new way
 * to swallow what it does not know.
 */
class TypedModelValidatorMutationTest {

    private static final String RENDER = "istio-helm-rendered/1.30.3-rev-1-30-3/manifest.yaml";

    private final TypedModelValidator validator = new TypedModelValidator();

    @Test
    void anUnknownFieldPlantedInAnyObjectIsReportedThere_exceptInMapsOfStrings() throws Exception {
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> silent = new ArrayList<>();
        forEachPlace(true, (resource, pointer) -> {
            ObjectNode body = resource.body().deepCopy();
            ((ObjectNode) body.at(pointer)).put("zzUnknown", "x");
            List<Finding> findings = validator.validate(resource.withBody(body));
            String outcome = outcome(findings, pointer + "/zzUnknown");
            outcomes.merge(outcome, 1, Integer::sum);
            if (outcome.equals("none")) {
                silent.add(pointer);
            }
        });

        assertThat(outcomes).containsOnlyKeys("Kubernetes.UnknownField", "Kubernetes.WrongType", "none");
        assertThat(outcomes.get("Kubernetes.UnknownField")).isGreaterThan(250);
        // Where a string is a fine value: labels, annotations, selectors, ConfigMap data.
        assertThat(silent).allSatisfy(pointer -> assertThat(pointer)
                .matches(".*/(labels|annotations|matchLabels|selector|data)"));
    }

    @Test
    void aValueOfAnotherTypeAtAnyLeafIsReportedThere_exceptWhereTheModelTakesEither() throws Exception {
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> silent = new ArrayList<>();
        forEachPlace(false, (resource, pointer) -> {
            if (pointer.equals("/apiVersion") || pointer.equals("/kind")) {
                return;
            }
            ObjectNode body = resource.body().deepCopy();
            replace(body, pointer, otherType(body.at(pointer)));
            String outcome = outcome(validator.validate(resource.withBody(body)), pointer);
            outcomes.merge(outcome, 1, Integer::sum);
            if (outcome.equals("none")) {
                silent.add(pointer);
            }
        });

        assertThat(outcomes).containsOnlyKeys("Kubernetes.WrongType", "none");
        assertThat(outcomes.get("Kubernetes.WrongType")).isGreaterThan(1000);
        // IntOrString and Quantity take a number or a string; a CRD schema's enum values are free JSON.
        assertThat(silent).allSatisfy(pointer -> assertThat(pointer).matches(
                ".*/(targetPort|port|minAvailable|maxUnavailable|maxSurge|cpu|memory|enum/\\d+)"));
    }

    /** The finding's id when there is exactly one and it is at the pointer, "none" for none, else all of them. */
    private static String outcome(List<Finding> findings, String pointer) {
        if (findings.isEmpty()) {
            return "none";
        }
        if (findings.size() == 1 && findings.get(0).path().equals(pointer)) {
            return findings.get(0).id();
        }
        return "unexpected at " + pointer + ": " + findings;
    }

    private static JsonNode otherType(JsonNode value) {
        JsonNodeFactory factory = JsonNodeFactory.instance;
        if (value.isTextual()) {
            return value.asText().matches("-?\\d+") ? factory.booleanNode(true) : factory.numberNode(7);
        }
        if (value.isNumber()) {
            return factory.textNode("seven");
        }
        if (value.isBoolean()) {
            return factory.textNode("yes");
        }
        return value.isArray() ? factory.objectNode().put("a", "b") : factory.arrayNode().add("a");
    }

    private static void replace(ObjectNode body, String pointer, JsonNode value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = body.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else {
            ((ArrayNode) parent).set(Integer.parseInt(last), value);
        }
    }

    /**
     * Every object (or every leaf and list) of every typed resource of the render, by pointer; of the CRDs, whose
     * schemas repeat one shape thousands of times, only the first.
     */
    private static void forEachPlace(boolean objects, BiConsumer<Resource, String> action) throws Exception {
        boolean crdSeen = false;
        for (Resource resource : ManifestReader.read(Files.readString(Fixtures.resolve(RENDER)), RENDER,
                "istio-system")) {
            boolean crd = resource.kind().equals("CustomResourceDefinition");
            if (TypedModelValidator.knows(resource.apiVersion(), resource.kind()) && !(crd && crdSeen)) {
                crdSeen |= crd;
                List<String> pointers = new ArrayList<>();
                places(resource.body(), "", objects, pointers);
                pointers.forEach(pointer -> action.accept(resource, pointer));
            }
        }
    }

    private static void places(JsonNode node, String pointer, boolean objects, List<String> into) {
        if (node.isObject()) {
            if (objects) {
                into.add(pointer);
            }
            node.fields().forEachRemaining(field -> places(field.getValue(),
                    pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1"), objects, into));
        } else if (node.isArray()) {
            if (!objects) {
                into.add(pointer);
            }
            for (int i = 0; i < node.size(); i++) {
                places(node.get(i), pointer + "/" + i, objects, into);
            }
        } else if (!objects) {
            into.add(pointer);
        }
    }
}
