package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;

import java.util.ArrayList;
import java.util.List;

/**
 * A container image has no tag, or the tag {@code latest}.
 *
 * <p>The same tree then runs different code from one pull to the next, so two clusters compiled from one commit can
 * differ, and a rollback does not roll back. Digests ({@code @sha256:...}) pass.
 */
public final class ImageLatestTag implements Rule {

    @Override
    public String id() {
        return "Image.LatestTag";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "A container image has no tag or the tag latest. What runs then changes with every pull, so clusters"
                + " compiled from one commit differ and rollbacks do not roll back.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        List<RuleFinding> findings = new ArrayList<>();
        for (Pods.Container c : Pods.containers(context.resources())) {
            String image = c.image();
            if (image.isEmpty() || image.equals("auto") || image.contains("@")) {
                continue;
            }
            int slash = image.lastIndexOf('/');
            int colon = image.lastIndexOf(':');
            String tag = colon > slash ? image.substring(colon + 1) : "";
            if (tag.isEmpty() || tag.equals("latest")) {
                findings.add(RuleFinding.about(this, defaultSeverity(), context, c.owner(), c.pointer() + "/image",
                        "container " + c.name() + " runs " + image + (tag.isEmpty() ? ", without a tag"
                                : ", tagged latest"), "pin a version tag or a digest"));
            }
        }
        return findings;
    }
}
