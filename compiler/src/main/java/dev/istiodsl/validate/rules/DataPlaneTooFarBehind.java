package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Revision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A namespace, bound directly or through a tag, is served by a revision more than
 * {@code controlPlaneAheadOfDataPlaneMax} (1) minor behind the newest revision of its environment.
 *
 * <p>Istio lets the control plane be one minor ahead of the data plane, never more, and never behind (ISTIO.md §4.2).
 * A namespace's sidecars talk to their own revision's istiod, so within a revision there is no skew. But what an
 * environment shares is rendered once, from its newest version: the CRDs and the base objects, and the CNI and ztunnel
 * node agents, which work with a control plane of their own minor or one ahead. Proxies of an older revision run
 * against those. A two-minor canary is allowed ({@link CanarySkipsTooManyMinors}), so during one this is a warning,
 * not an error: it lists what still has to move before the old revision can go. The finding is at the tag when the
 * namespaces follow one (moving the tag is the fix), else at the namespace. Tags no namespace of the DSL follows and
 * gateways (deployed for every revision) are not counted.
 */
public final class DataPlaneTooFarBehind implements Rule {

    @Override
    public String id() {
        return "Skew.DataPlaneTooFarBehind";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "A namespace is served by a revision more than one Istio minor behind the newest revision of its"
                + " environment. Istio supports a data plane at most one minor behind the control plane, and the"
                + " CRDs and node agents an environment shares come from its newest revision.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        Environment env = context.environment();
        Revision newest = context.newest();
        int max = context.facts().upgradePolicy().controlPlaneAheadOfDataPlaneMax();
        String floor = Versions.lineAfter(newest.istio(), -max);
        String why = Versions.withLine(newest) + ", the newest revision of environment '" + env.name()
                + "': Istio supports a data plane at most " + Versions.minors(max) + " behind the control plane";
        Map<String, Set<String>> behindByTag = new TreeMap<>();
        List<RuleFinding> findings = new ArrayList<>();
        env.namespaces().forEach((namespace, target) -> {
            Revision serving = context.revision(context.resolve(target));
            int gap = Versions.minorsAhead(serving.istio(), newest.istio());
            if (gap <= max) {
                return;
            }
            if (env.tags().containsKey(target)) {
                behindByTag.computeIfAbsent(target, t -> new TreeSet<>()).add(namespace);
                return;
            }
            findings.add(RuleFinding.of(this, context.namespaceAt(namespace), "namespace '" + namespace
                    + "' is bound to " + Versions.withLine(serving) + ", " + Versions.minors(gap) + " behind "
                    + why, "bind it to a tag or revision of Istio " + floor + " or newer and restart its workloads"));
        });
        behindByTag.forEach((tag, namespaces) -> {
            Revision serving = context.revision(env.tags().get(tag));
            int gap = Versions.minorsAhead(serving.istio(), newest.istio());
            String which = (namespaces.size() == 1 ? "namespace " : "namespaces ") + Versions.list(namespaces);
            findings.add(RuleFinding.of(this, context.tagAt(tag), "tag '" + tag + "' points at "
                    + Versions.withLine(serving) + ", which serves " + which + ", " + Versions.minors(gap)
                    + " behind " + why, "point tag '" + tag + "' at a revision of Istio " + floor
                            + " or newer and restart the workloads in " + which));
        });
        return findings;
    }
}
