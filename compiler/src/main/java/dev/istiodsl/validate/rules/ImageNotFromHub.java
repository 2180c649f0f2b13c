package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A container image does not come from the environment's {@code hub}.
 *
 * <p>A mesh that names a hub mirrors its images there, usually because the clusters cannot pull from the internet;
 * an image from elsewhere is pulled from a registry the cluster cannot reach, or one nobody scanned. Injected gateway
 * pods ({@code image: auto}) take the injector's image and pass.
 */
public final class ImageNotFromHub implements Rule {

    @Override
    public String id() {
        return "Image.NotFromHub";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "A container image does not come from the hub the environment names. The cluster may not reach that"
                + " registry, and nobody scanned what it serves.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        Optional<String> hub = context.environment().hub();
        if (hub.isEmpty()) {
            return List.of();
        }
        String prefix = hub.get().endsWith("/") ? hub.get() : hub.get() + "/";
        List<RuleFinding> findings = new ArrayList<>();
        for (Pods.Container c : Pods.containers(context.resources())) {
            String image = c.image();
            if (image.isEmpty() || image.equals("auto") || image.startsWith(prefix)) {
                continue;
            }
            findings.add(RuleFinding.about(this, defaultSeverity(), context, c.owner(), c.pointer() + "/image",
                    "container " + c.name() + " runs " + image + ", not an image from the hub " + hub.get(),
                    "mirror the image to " + hub.get() + " and point the container at it (std/private-registry does"
                            + " it for Istio's images)"));
        }
        return findings;
    }
}
