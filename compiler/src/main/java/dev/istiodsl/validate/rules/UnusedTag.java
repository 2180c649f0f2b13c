package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.Environment;

import java.util.ArrayList;
import java.util.List;

/**
 * An environment declares a tag that no namespace is bound to.
 *
 * <p>The tag's webhook is emitted and applied, but injects nothing the DSL knows of: a namespace was moved off it and
 * the tag stayed, or a binding is missing. {@code default} is exempt: it serves namespaces labelled
 * {@code istio-injection=enabled}, which the DSL need not list. Environments that bind no namespace manage their
 * data plane elsewhere and are not checked.
 */
public final class UnusedTag implements Rule {

    @Override
    public String id() {
        return "Revision.UnusedTag";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "An environment declares a revision tag that no namespace is bound to. Its webhook is applied but"
                + " serves nothing: a namespace binding is missing, or the tag is left over.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        Environment env = context.environment();
        if (env.namespaces().isEmpty()) {
            return List.of();
        }
        List<RuleFinding> findings = new ArrayList<>();
        env.tags().forEach((tag, revision) -> {
            if (!tag.equals("default") && !env.namespaces().containsValue(tag)) {
                findings.add(RuleFinding.of(this, context.tagAt(tag), "environment '" + env.name() + "' declares tag '"
                        + tag + "' (-> " + revision + "), but no namespace is bound to it", "bind a namespace to it"
                        + " (`namespaces { NS -> " + tag + " }`), or remove the tag"));
            }
        });
        return findings;
    }
}
