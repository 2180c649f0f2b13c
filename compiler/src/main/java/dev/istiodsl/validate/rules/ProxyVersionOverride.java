package dev.istiodsl.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.model.Revision;
import dev.istiodsl.model.SetOverride;

import java.util.ArrayList;
import java.util.List;

/**
 * A revision pins its images to another Istio version than the one that expands it ({@code tag} or
 * {@code values.global.tag}).
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
            List<Tagged> tags = new ArrayList<>();
            JsonNode valuesTag = revision.values().path("global").path("tag");
            if (valuesTag.isValueNode()) {
                tags.add(new Tagged("values.global.tag", valuesTag.asText(), revision.at()));
            }
            for (SetOverride set : revision.sets()) {
                String path = set.path().toString();
                if ((path.equals("tag") || path.equals("values.global.tag")) && set.value().isValueNode()) {
                    tags.add(new Tagged(path, set.value().asText(), set.at()));
                }
            }
            String version = revision.istio().toString();
            for (Tagged tag : tags) {
                if (!tag.value().equals(version) && !tag.value().startsWith(version + "-")) {
                    findings.add(RuleFinding.of(this, tag.at(), "revision '" + revision.name() + "' is expanded by"
                            + " istioctl " + version + " but sets " + tag.path() + " = " + tag.value() + ": its istiod"
                            + " and sidecars would run another version than their templates",
                            "change `istio` to the version you want to run, or drop the tag"));
                }
            }
        }
        return findings;
    }

    private record Tagged(String path, String value, SourceLocation at) {
    }
}
