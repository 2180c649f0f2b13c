package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.KubernetesVersion;
import dev.istiodsl.model.Revision;
import dev.istiodsl.validate.VersionFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An environment's Kubernetes version against each revision's Istio minor line (ISTIO.md §4.3).
 *
 * <p>Below istioctl's minimum ({@code istioctlMinKubernetes}: precheck refuses it, and it is the Kubernetes version
 * charts are rendered for) or outside both the supported and the tested-but-unsupported lists is an error. Tested but
 * unsupported is a warning: it works, but nobody will fix what breaks. A minor line newer than every line the facts
 * know is a note: the compiler is older than the Istio it is asked about. A line older than all of them is not
 * checked: it is past its end of life ({@link EndOfLife} says so), and no istiodsl release will learn its Kubernetes
 * support. An environment that states no Kubernetes version (neither itself nor the mesh) is not checked.
 */
public final class KubernetesSupport implements Rule {

    @Override
    public String id() {
        return "Support.KubernetesVersion";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "An environment's Kubernetes version is below istioctl's minimum or outside what a revision's Istio"
                + " release supports (a warning if only tested). Istio does not fix problems on unsupported"
                + " Kubernetes versions, and istioctl refuses clusters below its minimum.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        Environment env = context.environment();
        if (env.kubernetes().isEmpty()) {
            return List.of();
        }
        KubernetesVersion k8s = env.kubernetes().get();
        List<RuleFinding> findings = new ArrayList<>();
        for (Revision revision : context.revisions()) {
            check(context, k8s, revision).ifPresent(findings::add);
        }
        return findings;
    }

    private Optional<RuleFinding> check(RuleContext context, KubernetesVersion k8s, Revision revision) {
        String env = "environment '" + context.environment().name() + "'";
        String line = revision.istio().minorLine();
        if (context.facts().coverage(revision.istio()) == VersionFacts.Coverage.OLDER) {
            return Optional.empty();
        }
        Optional<VersionFacts.Minor> known = context.facts().minor(revision.istio());
        if (known.isEmpty()) {
            return Optional.of(RuleFinding.of(this, Severity.NOTE, context.revisionAt(revision.name()), "Istio "
                    + line + " (revision " + revision.name() + ") is not in the version facts, so its support for"
                    + " Kubernetes " + k8s + " in " + env + " was not checked", "use an istiodsl release whose"
                    + " istiodsl/facts/istio-versions.yaml knows Istio " + line));
        }
        VersionFacts.Minor facts = known.get();
        String supported = Versions.kubernetes(facts.kubernetesSupported());
        String hint = "run Kubernetes " + supported + " in " + env + ", or an Istio release that supports " + k8s;
        if (k8s.compareTo(facts.istioctlMinKubernetes()) < 0) {
            return Optional.of(RuleFinding.of(this, context.kubernetesAt(), env + " runs Kubernetes " + k8s
                    + ", below " + facts.istioctlMinKubernetes() + ", the oldest that istioctl " + line
                    + " accepts for revision " + revision.name() + " (Istio " + line + " supports " + supported
                    + ")", hint));
        }
        if (facts.kubernetesSupported().contains(k8s)) {
            return Optional.empty();
        }
        if (facts.kubernetesTestedUnsupported().contains(k8s)) {
            return Optional.of(RuleFinding.of(this, Severity.WARNING, context.kubernetesAt(), env
                    + " runs Kubernetes " + k8s + ", which Istio " + line + " (revision " + revision.name()
                    + ") was tested on but does not support (supported: " + supported + ")", hint));
        }
        return Optional.of(RuleFinding.of(this, context.kubernetesAt(), env + " runs Kubernetes " + k8s
                + ", which Istio " + line + " (revision " + revision.name() + ") does not support (supported: "
                + supported + ")", hint));
    }
}
