package dev.istiodsl.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.OverlayOp;
import dev.istiodsl.model.Revision;
import dev.istiodsl.model.SetOverride;
import dev.istiodsl.validate.OperatorApiFacts;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A revision sets an IstioOperator field or Helm value that its Istio version no longer has (ISTIO.md §1.7, shipped
 * as {@code istiodsl/facts/istio-operator-api.yaml}).
 *
 * <p>istioctl validates values strictly, so the upgrade would break at {@code istioctl manifest generate}, far from
 * the line that caused it; this names that line. {@code set} lines (the revision's and the environment's overlays')
 * are reported where they are written; fields inside a {@code values { }} block at the revision.
 */
public final class RemovedOperatorField implements Rule {

    private final OperatorApiFacts facts = OperatorApiFacts.shipped();

    @Override
    public String id() {
        return "Upgrade.RemovedOperatorField";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "A revision sets an IstioOperator field or Helm value that its Istio version has removed. The new"
                + " istioctl would refuse it with an unknown-field error at manifest generation.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        Environment env = context.environment();
        List<RuleFinding> findings = new ArrayList<>();
        for (Revision revision : context.revisions()) {
            Map<String, SourceLocation> written = new LinkedHashMap<>();
            paths("values", revision.values(), revision.at(), written);
            revision.components().forEach((name, settings) -> paths("components." + name, settings, revision.at(),
                    written));
            List<SetOverride> sets = new ArrayList<>(revision.sets());
            env.overlays().forEach(o -> context.mesh().overlays().get(o).operations().stream()
                    .filter(OverlayOp.Set.class::isInstance).map(op -> ((OverlayOp.Set) op).override())
                    .forEach(sets::add));
            sets.forEach(set -> written.put(set.path().toString(), set.at()));
            written.forEach((path, at) -> facts.removedAt(path, revision.istio()).ifPresent(removed -> findings.add(
                    RuleFinding.of(this, at, "revision '" + revision.name() + "' sets " + path + ", which Istio "
                            + revision.istio().minorLine() + " no longer has (removed in " + removed.removedIn()
                            + "); istioctl " + revision.istio() + " would refuse it", "instead: "
                            + removed.instead()))));
        }
        return findings;
    }

    /** Every leaf path below {@code node}, and every object's path (removed blocks are reported once, at their top). */
    private static void paths(String prefix, JsonNode node, SourceLocation at, Map<String, SourceLocation> out) {
        out.putIfAbsent(prefix, at);
        if (!node.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            paths(prefix + "." + field.getKey(), field.getValue(), at, out);
        }
    }
}
