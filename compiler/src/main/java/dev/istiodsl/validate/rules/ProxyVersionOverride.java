package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.model.Revision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A revision pins its images to another Istio version than the one that expands it ({@code tag},
 * {@code values.global.tag}, or a component's {@code tag}), in its {@code operator} file, its blocks or a {@code set};
 * of each path, the setting that takes effect is reported, where it is written.
 *
 * <p>istioctl of version X renders X's templates, injector and mesh config, and the tag picks the images. Another tag
 * runs istiod and sidecars of a different version against X's configuration: a control plane behind or ahead of what
 * its own charts expect, which Istio does not support (ISTIO.md §4.2). A tag with a suffix of the same version (a
 * distroless or FIPS build, {@code 1.22.8-distroless}) is the same version and passes.
 */
public final class ProxyVersionOverride implements Rule {

    @Override
    public String id() {
        return "Skew.ImageVersionOverride";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "A revision sets an image tag of another Istio version than the one it is expanded with. Its istiod and"
                + " proxies then run a different version than the templates and configuration rendered for them.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        List<RuleFinding> findings = new ArrayList<>();
        for (Revision revision : context.revisions()) {
            String version = revision.istio().toString();
            Map<String, RevisionSettings.Setting> effective = RevisionSettings.effective(
                    RevisionSettings.of(context.mesh(), context.environment(), revision));
            for (RevisionSettings.Setting tag : effective.values()) {
                if (!isImageTag(tag.path()) || !tag.value().isValueNode() || tag.value().isNull()) {
                    continue;
                }
                String value = tag.value().asText();
                if (!value.equals(version) && !value.startsWith(version + "-")) {
                    findings.add(RuleFinding.of(this, tag.at(), "revision '" + revision.name() + "' is expanded by"
                            + " istioctl " + version + " but sets " + tag.path() + " = " + value + ": its istiod"
                            + " and sidecars would run another version than their templates",
                            "change `istio` to the version you want to run, or drop the tag"));
                }
            }
        }
        return findings;
    }

    /** {@code tag}, {@code values.global.tag}, and a component's or gateway's own {@code tag}. */
    private static boolean isImageTag(String path) {
        return path.equals("tag") || path.equals("values.global.tag") || COMPONENT_TAG.matcher(path).matches();
    }

    private static final Pattern COMPONENT_TAG = Pattern.compile("components\\.[^.\\[]+(\\.\\[[^]]*])?\\.tag");
}
