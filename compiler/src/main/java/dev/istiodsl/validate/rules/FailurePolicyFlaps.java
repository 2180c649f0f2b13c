package dev.istiodsl.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.OutputFormat;
import dev.istiodsl.partition.Placed;

import java.util.ArrayList;
import java.util.List;

/**
 * A Flux environment commits an Istio validating webhook with {@code failurePolicy: Ignore}.
 *
 * <p>The charts render it so ("fail open until istiod is ready"), and istiod flips it to {@code Fail} once it serves.
 * Flux applies the committed value again on every reconciliation, istiod flips it back, and the two fight for ever
 * (istio/istio#44285). Committing {@code Fail} ends it: {@code std/flux} does that. The {@code caBundle} istiod also
 * writes is absent from the tree, and Flux's server-side apply leaves fields it does not manage alone.
 */
public final class FailurePolicyFlaps implements Rule {

    @Override
    public String id() {
        return "Webhook.FailurePolicyFlaps";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "A Flux environment commits an Istio validating webhook with failurePolicy Ignore, which istiod flips"
                + " to Fail at runtime: Flux and istiod then rewrite it in turn for ever. Commit Fail (std/flux).";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        if (context.environment().output() != OutputFormat.FLUX) {
            return List.of();
        }
        List<RuleFinding> findings = new ArrayList<>();
        for (Placed vwc : context.resourcesOf("ValidatingWebhookConfiguration")) {
            String name = vwc.resource().name();
            if (!name.startsWith("istio-validator") && !name.equals("istiod-default-validator")
                    && !name.startsWith("istiod-istio-system")) {
                continue;
            }
            JsonNode webhooks = vwc.resource().body().path("webhooks");
            for (int i = 0; i < webhooks.size(); i++) {
                if (webhooks.get(i).path("failurePolicy").asText("Fail").equals("Ignore")) {
                    findings.add(RuleFinding.about(this, defaultSeverity(), context, vwc, "/webhooks/" + i
                            + "/failurePolicy", "webhook " + webhooks.get(i).path("name").asText() + " is committed"
                            + " with failurePolicy Ignore, which istiod sets to Fail at runtime; Flux would set it"
                            + " back on every reconciliation", "import std/flux and apply its overlay flux-webhooks"));
                }
            }
        }
        return findings;
    }
}
