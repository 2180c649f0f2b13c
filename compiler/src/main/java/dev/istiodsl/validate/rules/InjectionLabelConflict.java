package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;

import java.util.List;
import java.util.Map;

/**
 * A Namespace carries both {@code istio-injection} and {@code istio.io/rev}.
 *
 * <p>{@code istio-injection} takes precedence (ISTIO.md §2.3), so the namespace runs the default revision whatever its
 * {@code istio.io/rev} says, and moving a tag does not move it. The compiler never writes both; they come from an
 * overlay or a resource file.
 */
public final class InjectionLabelConflict implements Rule {

    @Override
    public String id() {
        return "Namespace.InjectionLabelConflict";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "A Namespace has both the istio-injection and the revision label. The first silently wins, so the"
                + " namespace ignores its revision label and tag moves.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        return context.resourcesOf("Namespace").stream().filter(ns -> {
            Map<String, String> labels = Pods.labels(ns.resource().body().path("metadata"));
            return labels.containsKey("istio-injection") && labels.containsKey("istio.io/rev");
        }).map(ns -> {
            Map<String, String> labels = Pods.labels(ns.resource().body().path("metadata"));
            return RuleFinding.about(this, defaultSeverity(), context, ns, "/metadata/labels/istio-injection",
                    "namespace " + ns.resource().name() + " has istio-injection=" + labels.get("istio-injection")
                            + " and istio.io/rev=" + labels.get("istio.io/rev") + "; istio-injection wins, so the"
                            + " revision label is ignored", "remove the istio-injection label: bind the namespace"
                            + " with `namespaces { " + ns.resource().name() + " -> TAG }`");
        }).toList();
    }
}
