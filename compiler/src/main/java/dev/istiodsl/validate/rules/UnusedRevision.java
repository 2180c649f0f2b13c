package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.Environment;

import java.util.ArrayList;
import java.util.List;

/**
 * An environment runs a revision that no tag points at and no namespace is bound to.
 *
 * <p>Such a control plane injects nothing the DSL knows of: either a step of a canary was forgotten (the namespaces
 * were never moved to it, or the old revision was never removed) or it is left over. The {@code default} tag counts as
 * a use, because it serves namespaces labelled {@code istio-injection=enabled} outside the DSL; so does any tag, for
 * the same reason. An environment that binds no namespace at all manages its data plane elsewhere, and is not checked.
 * A warning: the revision costs resources but breaks nothing.
 */
public final class UnusedRevision implements Rule {

    @Override
    public String id() {
        return "Revision.UnusedRevision";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "An environment runs a revision that no tag points at and no namespace is bound to. That control"
                + " plane serves nothing: a canary step was forgotten or the revision is left over.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        Environment env = context.environment();
        if (env.namespaces().isEmpty()) {
            return List.of();
        }
        List<RuleFinding> findings = new ArrayList<>();
        for (String revision : env.revisions()) {
            boolean tagged = env.tags().containsValue(revision);
            boolean bound = env.namespaces().containsValue(revision);
            if (!tagged && !bound) {
                findings.add(RuleFinding.of(this, context.revisionAt(revision), "environment '" + env.name()
                        + "' runs revision '" + revision + "', but no tag points at it and no namespace is bound to"
                        + " it", "bind namespaces to it (or point a tag at it) to finish the canary, or remove it"
                                + " from the environment's revisions"));
            }
        }
        return findings;
    }
}
