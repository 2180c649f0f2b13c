package dev.istiodsl.bind;

import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.Suggestions;
import dev.istiodsl.model.FluxSettings;
import dev.istiodsl.parse.Ast;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a {@code flux { }} setting over the settings it overrides: each key written replaces the inherited one, the
 * others stay. The keys and their values are Flux's own ({@code kustomize.toolkit.fluxcd.io/v1}), checked as its CRD
 * checks them, so a mistake is reported at its line and not by the cluster.
 */
final class FluxSettingsBinder {

    static final Set<String> KEYS = Set.of("sourceRef", "interval", "retryInterval", "timeout", "wait",
            "healthChecks", "prune", "serviceAccountName", "decryption");
    private static final Set<String> SOURCE_KINDS = Set.of("GitRepository", "OCIRepository", "Bucket");
    /** The pattern of Flux's {@code interval}, {@code retryInterval} and {@code timeout}: Go durations, no days. */
    private static final Pattern FLUX_DURATION = Pattern.compile("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$");

    private final Diagnostics diagnostics;
    private final ValueReader values;

    FluxSettingsBinder(Diagnostics diagnostics, ValueReader values) {
        this.diagnostics = diagnostics;
        this.values = values;
    }

    /** {@code base} with what {@code written} (the value of a {@code flux} setting, if any) overrides. */
    FluxSettings apply(FluxSettings base, Optional<Ast.Value> written) {
        if (written.isEmpty()) {
            return base;
        }
        if (!(written.get() instanceof Ast.Value.MapValue map)) {
            values.mismatch(written.get(), "flux", "a map { interval: 5m, timeout: 10m, ... }");
            return base;
        }
        String sourceKind = base.sourceKind();
        String sourceName = base.sourceName();
        String namespace = base.namespace();
        String interval = base.interval();
        Optional<String> retryInterval = base.retryInterval();
        Optional<String> timeout = base.timeout();
        boolean wait = base.waitForAll();
        List<FluxSettings.HealthCheck> checks = base.extraChecks();
        boolean prune = base.prune();
        Optional<String> serviceAccount = base.serviceAccountName();
        Optional<String> decryption = base.decryptionSecret();
        Map<String, Ast.Value> keys = keys(map, KEYS, "flux");
        for (Map.Entry<String, Ast.Value> entry : keys.entrySet()) {
            Ast.Value value = entry.getValue();
            switch (entry.getKey()) {
                case "sourceRef" -> {
                    Map<String, Ast.Value> ref = keys(value, Set.of("kind", "name", "namespace"), "flux sourceRef");
                    if (ref.containsKey("kind")) {
                        sourceKind = oneOf(ref.get("kind"), "sourceRef kind", SOURCE_KINDS).orElse(sourceKind);
                    }
                    if (ref.containsKey("name")) {
                        sourceName = values.dnsLabel(ref.get("name"), "source name").orElse(sourceName);
                    }
                    if (ref.containsKey("namespace")) {
                        namespace = values.dnsLabel(ref.get("namespace"), "source namespace").orElse(namespace);
                    }
                }
                case "interval" -> interval = fluxDuration(value, "interval").orElse(interval);
                case "retryInterval" -> retryInterval = fluxDuration(value, "retryInterval").or(() -> base
                        .retryInterval());
                case "timeout" -> timeout = fluxDuration(value, "timeout").or(() -> base.timeout());
                case "wait" -> wait = values.bool(value, "wait").orElse(wait);
                case "healthChecks" -> checks = healthChecks(value);
                case "prune" -> prune = values.bool(value, "prune").orElse(prune);
                case "serviceAccountName" -> serviceAccount = values.dnsLabel(value, "serviceAccountName")
                        .or(() -> base.serviceAccountName());
                default -> decryption = decryption(value, decryption);
            }
        }
        if (keys.containsKey("healthChecks")) {
            if (keys.containsKey("wait") && wait) {
                diagnostics.error("Bind.ConflictingSettings", keys.get("healthChecks").at(), "flux sets both `wait:"
                        + " true` and `healthChecks`, which Flux ignores when it waits for everything",
                        "keep `wait: true`, or drop it: `healthChecks` alone waits for the control planes, the"
                                + " gateways and these");
            }
            wait = false;
        }
        return new FluxSettings(sourceKind, sourceName, namespace, interval, retryInterval, timeout, wait, checks,
                prune, serviceAccount, decryption);
    }

    /** The entries of a map by key, each checked against {@code known}; unknown and repeated keys are reported. */
    private Map<String, Ast.Value> keys(Ast.Value value, Set<String> known, String what) {
        Map<String, Ast.Value> out = new HashMap<>();
        if (!(value instanceof Ast.Value.MapValue map)) {
            values.mismatch(value, what, "a map { key: value }");
            return out;
        }
        for (Ast.Value.Entry entry : map.entries()) {
            String key = entry.key().text();
            if (!known.contains(key)) {
                diagnostics.error("Bind.UnknownSetting", entry.key().at(), what + " has no setting '" + key + "'",
                        Suggestions.hint(key, new TreeSet<>(known), "setting"));
            } else if (out.putIfAbsent(key, entry.value()) != null) {
                diagnostics.error("Bind.DuplicateSetting", entry.key().at(), "'" + key + "' is set twice in " + what,
                        "keep one of them");
            }
        }
        return out;
    }

    private Optional<String> fluxDuration(Ast.Value value, String what) {
        String text = value instanceof Ast.Value.DurationValue d ? d.text()
                : value instanceof Ast.Value.WordValue w ? w.text()
                : value instanceof Ast.Value.StringValue s ? s.text() : null;
        if (text != null && text.startsWith("-") && FLUX_DURATION.matcher(text.substring(1)).matches()) {
            diagnostics.error("Bind.InvalidDuration", value.at(), "flux " + what + " '" + text + "' is negative",
                    "write a duration above zero: 10m, 1h30m, 90s, 500ms");
            return Optional.empty();
        }
        if (text == null || !FLUX_DURATION.matcher(text).matches()) {
            diagnostics.error("Bind.InvalidDuration", value.at(), text == null ? "flux " + what + " must be a"
                    + " duration Flux reads, not " + value.describe() : "flux " + what + " '" + text + "' is not a"
                    + " duration Flux reads",
                    "Flux takes hours, minutes, seconds and milliseconds (no days): 10m, 1h30m, 90s, 500ms");
            return Optional.empty();
        }
        // Flux's CRD takes a zero duration, but nothing is scheduled after it and nothing applied within it.
        if (text.chars().filter(Character::isDigit).allMatch(digit -> digit == '0')) {
            diagnostics.error("Bind.InvalidDuration", value.at(), "flux " + what + " '" + text + "' is zero: " + switch
                    (what) {
                        case "interval" -> "Flux would not reconcile again on its own";
                        case "retryInterval" -> "Flux would not retry a failed reconciliation";
                        default -> "nothing can be applied in no time";
                    }, "write a duration above zero: 10m, 1h30m, 90s, 500ms");
            return Optional.empty();
        }
        return Optional.of(text);
    }

    private List<FluxSettings.HealthCheck> healthChecks(Ast.Value value) {
        List<FluxSettings.HealthCheck> checks = new ArrayList<>();
        if (!(value instanceof Ast.Value.ListValue list)) {
            values.mismatch(value, "healthChecks", "a list [ { kind: Deployment, name: N, namespace: NS } ]");
            return checks;
        }
        for (Ast.Value item : list.items()) {
            Map<String, Ast.Value> keys = keys(item, Set.of("apiVersion", "kind", "name", "namespace"),
                    "a health check");
            if (!keys.containsKey("kind") || !keys.containsKey("name")) {
                if (item instanceof Ast.Value.MapValue) {
                    diagnostics.error("Bind.MissingSetting", item.at(), "a health check names its object's kind"
                            + " and name", "write { kind: Deployment, name: N, namespace: NS }");
                }
                continue;
            }
            Optional<String> kind = values.text(keys.get("kind"), "kind");
            Optional<String> name = values.text(keys.get("name"), "name");
            String apiVersion = Optional.ofNullable(keys.get("apiVersion"))
                    .flatMap(v -> values.text(v, "apiVersion")).orElse("");
            Optional<String> namespace = Optional.ofNullable(keys.get("namespace"))
                    .flatMap(v -> values.dnsLabel(v, "namespace"));
            if (kind.isPresent() && name.isPresent()) {
                checks.add(new FluxSettings.HealthCheck(apiVersion, kind.get(), name.get(), namespace, item.at()));
            }
        }
        return checks;
    }

    /**
     * {@code decryption: { provider: sops, secretRef: { name: NAME } }}: the Secret holding the SOPS keys, or none
     * when {@code secretRef} is left out (Flux then decrypts with the controller's own keys, a cloud KMS); a mistake
     * keeps {@code inherited}.
     */
    private Optional<String> decryption(Ast.Value value, Optional<String> inherited) {
        Map<String, Ast.Value> keys = keys(value, Set.of("provider", "secretRef"), "flux decryption");
        if (!(value instanceof Ast.Value.MapValue)) {
            return inherited;
        }
        if (!keys.containsKey("provider")) {
            diagnostics.error("Bind.MissingSetting", value.at(), "flux decryption names no provider",
                    "write decryption: { provider: sops, secretRef: { name: sops-age } }");
        } else {
            oneOf(keys.get("provider"), "decryption provider", Set.of("sops"));
        }
        if (!keys.containsKey("secretRef")) {
            return Optional.empty();
        }
        Map<String, Ast.Value> ref = keys(keys.get("secretRef"), Set.of("name"), "flux decryption secretRef");
        if (!ref.containsKey("name")) {
            if (keys.get("secretRef") instanceof Ast.Value.MapValue) {
                diagnostics.error("Bind.MissingSetting", keys.get("secretRef").at(), "flux decryption secretRef names"
                        + " no Secret", "write secretRef: { name: sops-age }, or leave secretRef out to decrypt with"
                                + " the controller's own keys");
            }
            return inherited;
        }
        return values.dnsLabel(ref.get("name"), "decryption secret").or(() -> inherited);
    }

    private Optional<String> oneOf(Ast.Value value, String what, Set<String> allowed) {
        Optional<String> text = values.text(value, what);
        if (text.isPresent() && !allowed.contains(text.get())) {
            diagnostics.error("Bind.InvalidValue", value.at(), "'" + text.get() + "' is not a " + what,
                    Suggestions.hint(text.get(), new TreeSet<>(allowed), what));
            return Optional.empty();
        }
        return text;
    }
}
