package dev.istiodsl.validate.rules;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.model.Revision;
import dev.istiodsl.validate.OperatorApiFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A revision asks for a {@code compatibilityVersion} its Istio release does not offer.
 *
 * <p>Each release ships profiles for the few minors before it (1.24 accepts 1.21 to 1.23); istioctl refuses any other
 * value. The usual cause is an upgrade that kept the line of an older revision: {@code 1.22} was fine for 1.24 and is
 * refused by 1.26. The accepted values ship as data ({@code istiodsl/facts/istio-operator-api.yaml}). The value that
 * takes effect is judged: the last of the revision's {@code operator} file, its {@code values} and its {@code set}s
 * (the environment's overlays' included), at the line that wrote it.
 */
public final class CompatibilityVersion implements Rule {

    private final OperatorApiFacts facts = OperatorApiFacts.shipped();

    @Override
    public String id() {
        return "Upgrade.CompatibilityVersion";
    }

    @Override
    public Severity defaultSeverity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "A revision sets a compatibilityVersion that its Istio release does not accept. The release's istioctl"
                + " refuses it: each release accepts only the few minors before it.";
    }

    @Override
    public List<RuleFinding> check(RuleContext context) {
        List<RuleFinding> findings = new ArrayList<>();
        for (Revision revision : context.revisions()) {
            Optional<String> asked = Optional.empty();
            SourceLocation at = revision.at();
            for (RevisionSettings.Setting setting : RevisionSettings.of(context.mesh(), context.environment(),
                    revision)) {
                String path = setting.path();
                if ((path.equals("compatibilityVersion") || path.equals("values.compatibilityVersion"))
                        && setting.value().isValueNode() && !setting.value().isNull()) {
                    asked = Optional.of(setting.value().asText());
                    at = setting.at();
                }
            }
            if (asked.isEmpty()) {
                continue;
            }
            String line = revision.istio().minorLine();
            Optional<List<String>> accepted = facts.compatibilityVersions(revision.istio());
            String wanted = asked.get();
            if (accepted.isEmpty()) {
                if (revision.istio().minor() < 21 && revision.istio().major() == 1) {
                    findings.add(RuleFinding.of(this, at, "revision '" + revision.name() + "' sets compatibilityVersion "
                            + wanted + ", which Istio " + line + " does not have (it exists from 1.21)",
                            "remove the setting"));
                }
                continue;
            }
            if (!accepted.get().contains(wanted)) {
                findings.add(RuleFinding.of(this, at, "revision '" + revision.name() + "' sets compatibilityVersion "
                        + wanted + ", which Istio " + line + " does not accept; it accepts "
                        + Versions.list(accepted.get()), "use one of those, or remove the setting once the"
                        + " applications are checked against " + line));
            }
        }
        return findings;
    }
}
