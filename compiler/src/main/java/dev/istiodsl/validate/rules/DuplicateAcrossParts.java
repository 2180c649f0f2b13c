package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.partition.Placed;
import dev.istiodsl.resource.ResourceId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One object lands in two parts of an environment, so two Flux Kustomizations apply it.
 *
 * <p>Each then prunes it when the other changes it, and removing either part deletes the object from the cluster.
 * The partitioner places Istio's output once; a duplicate comes from an overlay's {@code resource} that Istio
 * already renders, or from a manifest file.
 */
public final class DuplicateAcrossParts implements Rule {

    @Override
    public String id() {
        return "Resource.Duplicate";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "One object (group, kind, namespace, name) lands in two parts of an environment. Two Flux"
                + " Kustomizations then own it, and removing either part deletes it.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        Map<ResourceId, List<Placed>> byId = new LinkedHashMap<>();
        context.resources().forEach(p -> byId.computeIfAbsent(p.resource().id(), id -> new ArrayList<>()).add(p));
        List<RuleFinding> findings = new ArrayList<>();
        byId.forEach((id, copies) -> {
            if (copies.stream().map(Placed::part).distinct().count() < 2) {
                return;
            }
            List<String> parts = copies.stream().map(p -> p.part().path()).distinct().toList();
            findings.add(RuleFinding.about(this, defaultSeverity(), context, copies.get(copies.size() - 1), "",
                    id + " is emitted in " + Versions.list(parts), "keep one: drop the copy an overlay adds, or"
                            + " `drop` the rendered one"));
        });
        return findings;
    }
}
