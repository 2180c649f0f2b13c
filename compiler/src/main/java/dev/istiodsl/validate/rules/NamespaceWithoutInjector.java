package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.partition.Placed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Namespace of the tree asks for sidecars ({@code istio-injection=enabled} or {@code istio.io/rev}) and no injector
 * of the environment selects it.
 *
 * <p>Its pods then start without a sidecar and nothing fails: they are silently out of the mesh. The usual causes are
 * {@code istio-injection=enabled} without a {@code default} tag, and a Namespace resource (from an overlay) labelled
 * with a tag or revision the environment does not run.
 */
public final class NamespaceWithoutInjector implements Rule {

    @Override
    public String id() {
        return "Namespace.NoInjector";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "A Namespace asks for sidecars (by the istio-injection or the revision label) but no injector of the"
                + " environment selects it. Its pods silently start outside the mesh.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        List<Injectors.Webhook> webhooks = Injectors.all(context);
        List<RuleFinding> findings = new ArrayList<>();
        for (Placed ns : context.resourcesOf("Namespace")) {
            Map<String, String> labels = Pods.labels(ns.resource().body().path("metadata"));
            boolean asks = "enabled".equals(labels.get("istio-injection")) || labels.containsKey("istio.io/rev");
            if (asks && Injectors.matching(webhooks, labels).isEmpty()) {
                String wants = labels.containsKey("istio-injection") ? "istio-injection=enabled"
                        : "istio.io/rev=" + labels.get("istio.io/rev");
                findings.add(RuleFinding.about(this, defaultSeverity(), context, ns, "/metadata/labels", "namespace "
                        + ns.resource().name() + " is labelled " + wants + ", but no injector of environment '"
                        + context.environment().name() + "' selects it: its pods would get no sidecar",
                        labels.containsKey("istio-injection") ? "add `tag default -> REVISION` to the environment"
                                : "label it with a tag or revision the environment runs"));
            }
        }
        return findings;
    }
}
