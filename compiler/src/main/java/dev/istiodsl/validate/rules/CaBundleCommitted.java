package dev.istiodsl.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.partition.Placed;

import java.util.ArrayList;
import java.util.List;

/**
 * An Istio webhook is committed with a {@code caBundle}.
 *
 * <p>istiod writes the bundle of its own CA into its webhooks at runtime and rotates it. A bundle in the tree, even an
 * empty one, is a field the GitOps tool owns and applies again, so every reconciliation breaks the webhook until istiod
 * patches it back: pods are created without sidecars or rejected in between. Istio's charts render no bundle; one
 * comes from a manifest file or an overlay.
 */
public final class CaBundleCommitted implements Rule {

    @Override
    public String id() {
        return "Webhook.CaBundleCommitted";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "An Istio webhook is committed with a caBundle, which istiod writes and rotates at runtime. The GitOps"
                + " tool would apply the committed one again and break the webhook until istiod patches it back.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        List<RuleFinding> findings = new ArrayList<>();
        List<Placed> webhooks = new ArrayList<>(context.resourcesOf("MutatingWebhookConfiguration"));
        webhooks.addAll(context.resourcesOf("ValidatingWebhookConfiguration"));
        for (Placed config : webhooks) {
            JsonNode list = config.resource().body().path("webhooks");
            for (int i = 0; i < list.size(); i++) {
                JsonNode webhook = list.get(i);
                if (!webhook.path("name").asText().endsWith("istio.io") || !webhook.path("clientConfig")
                        .has("caBundle")) {
                    continue;
                }
                findings.add(RuleFinding.about(this, defaultSeverity(), context, config, "/webhooks/" + i
                        + "/clientConfig/caBundle", "webhook " + webhook.path("name").asText() + " is committed with"
                        + " a caBundle, which istiod manages", "remove it: `patch " + config.resource().kind()
                        + " \"" + config.stableName() + "\" { remove /webhooks/" + i + "/clientConfig/caBundle }`"));
            }
        }
        return findings;
    }
}
