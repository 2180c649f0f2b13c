package dev.istiodsl.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.partition.Placed;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What rules about workloads share: where a kind keeps its pod template, its containers, label selectors. */
final class Pods {

    private Pods() {
    }

    /** One container of a workload, with the JSON pointer of its node. */
    record Container(Placed owner, String pointer, JsonNode node) {
        String name() {
            return node.path("name").asText("?");
        }

        String image() {
            return node.path("image").asText("");
        }
    }

    /** The pointer of the pod spec inside a workload of this kind, if the kind has one. */
    static Optional<String> podSpecPointer(String kind) {
        return switch (kind) {
            case "Deployment", "DaemonSet", "StatefulSet", "ReplicaSet", "Job" -> Optional.of("/spec/template/spec");
            case "CronJob" -> Optional.of("/spec/jobTemplate/spec/template/spec");
            case "Pod" -> Optional.of("/spec");
            default -> Optional.empty();
        };
    }

    /** Every container and init container of the workloads of an environment, in emit order. */
    static List<Container> containers(List<Placed> resources) {
        List<Container> out = new ArrayList<>();
        for (Placed p : resources) {
            Optional<String> spec = podSpecPointer(p.resource().kind());
            if (spec.isEmpty()) {
                continue;
            }
            JsonNode pod = p.resource().body().at(spec.get());
            for (String list : List.of("initContainers", "containers")) {
                JsonNode containers = pod.path(list);
                for (int i = 0; i < containers.size(); i++) {
                    out.add(new Container(p, spec.get() + "/" + list + "/" + i, containers.get(i)));
                }
            }
        }
        return out;
    }

    /** The labels of an object's metadata, or of a pod template. */
    static Map<String, String> labels(JsonNode metadata) {
        Map<String, String> labels = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = metadata.path("labels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> label = it.next();
            labels.put(label.getKey(), label.getValue().asText());
        }
        return labels;
    }

    /**
     * Whether a Kubernetes label selector ({@code matchLabels} and {@code matchExpressions}) selects these labels. A
     * missing selector selects everything, as in webhooks; an unknown operator selects nothing.
     */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        if (selector == null || selector.isMissingNode() || selector.isNull()) {
            return true;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = selector.path("matchLabels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> wanted = it.next();
            if (!wanted.getValue().asText().equals(labels.get(wanted.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            boolean has = labels.containsKey(key);
            boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> has && values.contains(labels.get(key));
                case "NotIn" -> !has || !values.contains(labels.get(key));
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A plain-map selector, as Services have one: every key must match. An empty one selects nothing. */
    static boolean selectsMap(JsonNode selector, Map<String, String> labels) {
        if (selector == null || !selector.isObject() || selector.isEmpty()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> wanted = it.next();
            if (!wanted.getValue().asText().equals(labels.get(wanted.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
