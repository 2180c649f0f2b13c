package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.Environment;

import java.util.List;

/**
 * An environment binds its own control-plane namespace as a data-plane namespace.
 *
 * <p>The binding would label the namespace with {@code istio.io/rev}, so the injector would add sidecars to what
 * runs there beside istiod (gateways, jobs, the CNI or ztunnel agents), and the emitted tree would declare the one
 * Namespace object twice, once for the control plane and once for the data plane, with different labels.
 */
public final class NamespaceInControlPlaneNamespace implements Rule {

    @Override
    public String id() {
        return "Revision.NamespaceInControlPlaneNamespace";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "An environment binds its control-plane namespace (istio-system) to a tag or revision as a data-plane"
                + " namespace. The injector would then add sidecars to the control plane's own pods, and the"
                + " Namespace would be declared twice with different labels.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        Environment env = context.environment();
        String namespace = env.controlPlaneNamespace();
        String target = env.namespaces().get(namespace);
        if (target == null) {
            return List.of();
        }
        return List.of(RuleFinding.of(this, context.namespaceAt(namespace), "namespace '" + namespace
                + "' is where environment '" + env.name() + "' runs its control plane; it cannot also be a"
                + " data-plane namespace bound to '" + target + "'", "remove '" + namespace + "' from the"
                        + " environment's namespaces; workloads belong in namespaces of their own"));
    }
}
