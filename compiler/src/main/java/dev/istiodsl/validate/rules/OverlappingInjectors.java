package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.partition.Placed;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Two injector webhook configurations would both inject the pods of one namespace (what {@code istioctl analyze}
 * reports as IST0139).
 *
 * <p>Each pod then gets a sidecar from whichever webhook runs last, or two: the revision a namespace runs is left to
 * chance. It evaluates every injector's namespace and object selectors against each Namespace of the tree and a pod
 * without labels, the way the API server does. The usual cause is a revisionless injector left beside a
 * {@code default} tag, or a namespace with both {@code istio-injection} and {@code istio.io/rev}.
 */
public final class OverlappingInjectors implements Rule {

    @Override
    public String id() {
        return "Webhook.OverlappingInjectors";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "Injector webhooks of two configurations select the pods of one namespace (IST0139). Which revision's"
                + " sidecar a pod gets is then left to chance.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        List<Injectors.Webhook> webhooks = Injectors.all(context);
        return context.resourcesOf("Namespace").stream().map(ns -> overlap(context, webhooks, ns))
                .flatMap(List::stream).toList();
    }

    private List<RuleFinding> overlap(RuleContext context, List<Injectors.Webhook> webhooks, Placed namespace) {
        Map<String, String> labels = Pods.labels(namespace.resource().body().path("metadata"));
        TreeSet<String> configurations = new TreeSet<>();
        Injectors.matching(webhooks, labels).forEach(w -> configurations.add(w.configuration().resource().name()));
        if (configurations.size() < 2) {
            return List.of();
        }
        return List.of(RuleFinding.about(this, defaultSeverity(), context, namespace, "/metadata/labels",
                "namespace " + namespace.resource().name() + " " + labels + " is selected by the injectors of "
                        + Versions.list(configurations) + ": its pods would get a sidecar from either",
                "bind the namespace to one tag or revision only, and remove a revisionless injector that a"
                        + " `default` tag replaces"));
    }
}
