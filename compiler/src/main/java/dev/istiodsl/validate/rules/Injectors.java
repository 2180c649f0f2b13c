package dev.istiodsl.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.partition.Placed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which of an environment's sidecar injectors would inject a plain pod (one without labels) of a namespace. */
final class Injectors {

    private Injectors() {
    }

    /** A sidecar-injection webhook and the configuration that holds it. */
    record Webhook(Placed configuration, int index, JsonNode node) {
        String name() {
            return node.path("name").asText();
        }
    }

    /** Every webhook of every MutatingWebhookConfiguration whose name ends in {@code sidecar-injector.istio.io}. */
    static List<Webhook> all(RuleContext context) {
        List<Webhook> out = new ArrayList<>();
        for (Placed mwc : context.resourcesOf("MutatingWebhookConfiguration")) {
            JsonNode webhooks = mwc.resource().body().path("webhooks");
            for (int i = 0; i < webhooks.size(); i++) {
                if (webhooks.get(i).path("name").asText().endsWith("sidecar-injector.istio.io")) {
                    out.add(new Webhook(mwc, i, webhooks.get(i)));
                }
            }
        }
        return out;
    }

    /** The webhooks that select a pod without labels in a namespace with these labels. */
    static List<Webhook> matching(List<Webhook> webhooks, Map<String, String> namespaceLabels) {
        return webhooks.stream()
                .filter(w -> Pods.selects(w.node().path("namespaceSelector"), namespaceLabels))
                .filter(w -> Pods.selects(w.node().path("objectSelector"), Map.of()))
                .toList();
    }
}
