package dev.istiodsl.bind;

import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.Suggestions;
import dev.istiodsl.json.Json;
import dev.istiodsl.model.SetOverride;
import dev.istiodsl.model.SetPath;
import dev.istiodsl.parse.Ast;

import java.util.Optional;
import java.util.Set;

/** Checks {@code set PATH = VALUE}: an istioctl --set path rooted at an IstioOperator spec field. */
final class SetBinder {

    /** The fields of IstioOperator's spec that --set may start at. */
    static final Set<String> SPEC_FIELDS = Set.of("values", "meshConfig", "components", "hub", "tag", "profile",
            "namespace", "compatibilityVersion", "unvalidatedValues", "installPackagePath");

    private final Diagnostics diagnostics;
    private final ValueReader values;
    private final ImageSettings images;

    SetBinder(Diagnostics diagnostics, ValueReader values) {
        this.diagnostics = diagnostics;
        this.values = values;
        this.images = new ImageSettings(diagnostics);
    }

    Optional<SetOverride> bind(Ast.Set set) {
        SetPath.Parsed parsed = SetPath.parse(set.path());
        if (parsed.path().isEmpty()) {
            diagnostics.error("Bind.InvalidSetPath", set.pathAt(),
                    "'" + set.path() + "' is not a valid set path: " + parsed.problem(),
                    "write it as istioctl --set does: values.a.b, a.[0].b, a.[name:x].b; escape dots in keys as \\.");
            return Optional.empty();
        }
        SetPath path = parsed.path().get();
        String root = path.root();
        if (root.equals("revision")) {
            diagnostics.error("Bind.InvalidSetPath", set.pathAt(), "the revision cannot be set",
                    "the revision name comes from `revision NAME`");
            return Optional.empty();
        }
        if (!SPEC_FIELDS.contains(root)) {
            String suggestion = Suggestions.closest(root, SPEC_FIELDS).map(s -> "did you mean '" + s + "'? ")
                    .orElse("");
            diagnostics.error("Bind.InvalidSetPath", set.pathAt(),
                    "'" + root + "' is not a field of IstioOperator's spec",
                    suggestion + "paths start at one of: " + String.join(", ", SPEC_FIELDS.stream().sorted().toList()));
            return Optional.empty();
        }
        int depth = path.segments().size() + ValueReader.depth(set.value());
        if (depth > Json.MAX_DEPTH) {
            diagnostics.error("Bind.TooDeep", set.pathAt(), "this path and its value nest " + depth + " deep",
                    "maps and lists nest at most " + Json.MAX_DEPTH + " deep");
            return Optional.empty();
        }
        if (!images.check(ImageSettings.keys(path), set.value())) {
            return Optional.empty();
        }
        return Optional.of(new SetOverride(path, values.json(set.value()), set.at()));
    }
}
