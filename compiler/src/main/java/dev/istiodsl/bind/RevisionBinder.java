package dev.istiodsl.bind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.diag.Suggestions;
import dev.istiodsl.json.Json;
import dev.istiodsl.model.HelmCharts;
import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.model.ManifestFile;
import dev.istiodsl.model.OperatorFile;
import dev.istiodsl.model.Revision;
import dev.istiodsl.model.SetOverride;
import dev.istiodsl.parse.Ast;
import dev.istiodsl.source.ProjectFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Binds {@code revision NAME { ... }} into a {@link Revision}. */
final class RevisionBinder {

    static final Set<String> PROFILES = Set.of("default", "demo", "minimal", "empty", "remote", "ambient", "preview",
            "stable", "openshift", "openshift-ambient", "external");
    static final Set<String> COMPONENTS = Set.of("base", "pilot", "cni", "ztunnel", "istiodRemote");

    /** {@code charts repository}: Istio's chart repository, or the mirror the compile is configured with. */
    static final String REPOSITORY = "repository";

    private static final Set<String> SETTINGS = Set.of("istio", "profile", "operator", "manifest", "charts", "hub",
            "values", "meshConfig");

    /** What a {@code set} on a chart-rendered revision may be, for the hint of one that cannot apply. */
    private static final String HELM_SET_HINT = "with charts, set paths are keys only and start at values, meshConfig,"
            + " hub or tag, or are components.cni.enabled and components.cni.namespace; other component settings and"
            + " list steps ([0], [name:x]) need istioctl";

    private final Diagnostics diagnostics;
    private final ValueReader values;
    private final ProjectFiles files;
    private final SetBinder sets;
    private final StructuredFiles structured;
    private final ImageSettings images;

    RevisionBinder(Diagnostics diagnostics, ValueReader values, ProjectFiles files, StructuredFiles structured) {
        this.diagnostics = diagnostics;
        this.values = values;
        this.files = files;
        this.sets = new SetBinder(diagnostics, values);
        this.structured = structured;
        this.images = new ImageSettings(diagnostics);
    }

    Optional<Revision> bind(Declared<Ast.Revision> declared) {
        Ast.Revision ast = declared.node();
        boolean ok = Names.checkRevision(ast.name(), diagnostics);
        String where = "revision '" + ast.name().text() + "'";
        Settings settings = Settings.check(ast.settings(), SETTINGS, Set.of(), where, diagnostics);

        Optional<IstioVersion> istio = settings.value("istio").flatMap(v -> values.istioVersion(v, "istio"));
        if (!settings.has("istio")) {
            String guess = ast.name().text().matches("\\d+-\\d+-\\d+") ? ast.name().text().replace('-', '.')
                    : "1.22.8";
            diagnostics.error("Bind.MissingSetting", ast.name().at(),
                    where + " does not say which Istio version expands it", "add `istio " + guess + "`");
        }
        Optional<String> profile = settings.value("profile").flatMap(v -> profile(v, declared));
        Optional<String> operatorPath = settings.value("operator").flatMap(v -> values.string(v, "operator"));
        Optional<OperatorFile> operator = operatorPath.flatMap(path -> structured.readOperator(declared.source(),
                path, settings.value("operator").get().at()));
        if (operator.isPresent() && !settings.has("charts")) {
            String shown = "IstioOperator file '" + operatorPath.get() + "'";
            OperatorFileCheck check = new OperatorFileCheck(diagnostics, operator.get(), shown, istio);
            check.checkShape();
            check.checkRevision(ast.name().text());
            check.checkGateways();
            if (!settings.has("profile")) {
                profile = operatorProfile(operator.get(), shown);
            } else {
                profile.ifPresent(p -> checkProfile(operator.get(), shown, p, settings.value("profile").get()));
            }
        }
        Optional<ManifestFile> manifest = settings.value("manifest").flatMap(v -> values.string(v, "manifest"))
                .flatMap(path -> structured.manifest(declared.source(), path, settings.value("manifest").get().at())
                        .map(file -> new ManifestFile(file, path, settings.setting("manifest").get().at())));
        Optional<HelmCharts> charts = settings.value("charts").flatMap(v -> charts(v, declared,
                settings.setting("charts").get().at()));
        Optional<String> hub = settings.value("hub").flatMap(values::hub);
        settings.value("values").ifPresent(v -> images.check(List.of("values"), v));
        ObjectNode helmValues = settings.value("values").flatMap(v -> values.map(v, "values"))
                .orElseGet(Json.NODES::objectNode);
        ObjectNode meshConfig = settings.value("meshConfig").flatMap(v -> values.map(v, "meshConfig"))
                .orElseGet(Json.NODES::objectNode);

        List<SetOverride> overrides = new ArrayList<>();
        for (Ast.Set set : ast.sets()) {
            sets.bind(set).ifPresent(overrides::add);
        }
        Map<String, ObjectNode> components = components(ast, where);

        if (settings.has("manifest") && (settings.has("operator") || settings.has("values")
                || settings.has("meshConfig") || !ast.sets().isEmpty() || !ast.components().isEmpty())) {
            diagnostics.error("Bind.ConflictingSettings", settings.setting("manifest").get().at(),
                    where + " is read from a manifest file, so its IstioOperator settings would be ignored",
                    "drop `manifest`, or drop operator, values, meshConfig, set and component from this revision");
        }
        if (settings.has("charts")) {
            checkCharts(ast, settings, overrides, where);
        }
        if (!ok || istio.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Revision(ast.name().text(), ast.name().at(), istio.get(), profile.orElse("default"),
                operator, manifest,
                charts, hub, helmValues, meshConfig, components, overrides));
    }

    /**
     * A revision rendered from Helm charts has no IstioOperator: it is expanded one way only, and takes values, not
     * operator files, component settings or list-step {@code set}s, which only istioctl can apply.
     */
    private void checkCharts(Ast.Revision ast, Settings settings, List<SetOverride> overrides, String where) {
        Ast.Setting charts = settings.setting("charts").get();
        if (settings.has("manifest")) {
            diagnostics.error("Bind.ConflictingSettings", charts.at(), where + " names both Helm charts and a manifest"
                    + " file; it is expanded one way only", "keep `charts` to render Istio's charts, or `manifest` to"
                    + " read an already generated manifest");
        }
        if (settings.has("operator")) {
            diagnostics.error("Bind.ConflictingSettings", charts.at(), where + " is rendered from Helm charts, which "
                    + "take no IstioOperator file", "move the operator's spec.values into `values { }` and its "
                    + "spec.meshConfig into `meshConfig { }`, or drop `charts` to expand it with istioctl");
        }
        if (settings.value("profile").filter(RevisionBinder::isProfileFile).isPresent()) {
            diagnostics.error("Bind.ConflictingSettings", settings.value("profile").get().at(), where + " is rendered "
                    + "from Helm charts, which take a profile by name only, not a profile file", "name one of "
                    + "Istio's profiles (charts of 1.24 and later apply it), or drop `charts`");
        }
        for (Ast.Component component : ast.components()) {
            diagnostics.error("Bind.ConflictingSettings", component.name().at(), where + " is rendered from Helm "
                    + "charts, which have no IstioOperator component '" + component.name().text() + "'",
                    "set the chart's values instead (values.pilot..., values.global...), or drop `charts`");
        }
        for (SetOverride set : overrides) {
            if (!set.path().mapsToHelmValues() && !set.path().choosesChartRelease()) {
                diagnostics.error("Bind.ConflictingSettings", set.at(), where + " is rendered from Helm charts, "
                        + "which cannot apply `set " + set.path() + "`", HELM_SET_HINT);
            }
        }
    }

    /**
     * The profile an operator file names, for a revision that names none: istiodsl writes the revision's profile over
     * the file's, so the file's becomes the revision's. A profile file named there is refused: istioctl would look for
     * it in its working folder, which is not the project's.
     */
    private Optional<String> operatorProfile(OperatorFile operator, String shown) {
        JsonNode written = operator.spec().path("profile");
        if (!written.isTextual() || written.asText().isEmpty()) {
            return Optional.empty();
        }
        String name = written.asText();
        SourceLocation at = operator.valueAt("/spec/profile");
        if (name.endsWith(".yaml") || name.endsWith(".yml") || name.contains("/")) {
            diagnostics.error("Bind.OperatorConflict", at, shown + " names the profile file '" + name + "', which"
                    + " istioctl would look for in the folder istiodsl runs it in", "name it in the revision instead:"
                    + " `profile \"" + name + "\"`, relative to the file that declares the revision");
            return Optional.empty();
        }
        if (!PROFILES.contains(name)) {
            diagnostics.error("Bind.UnknownProfile", at, "Istio has no profile '" + name + "'",
                    Suggestions.closest(name, PROFILES).map(s -> "did you mean '" + s + "'?")
                            .orElse("profiles: " + String.join(", ", PROFILES.stream().sorted().toList())));
            return Optional.empty();
        }
        return Optional.of(name);
    }

    /** An operator file's profile that the revision's {@code profile} would silently replace. */
    private void checkProfile(OperatorFile operator, String shown, String profile, Ast.Value setting) {
        JsonNode written = operator.spec().path("profile");
        String ours = setting instanceof Ast.Value.StringValue s ? s.text() : profile;
        if (written.isTextual() && !written.asText().isEmpty() && !written.asText().equals(ours)) {
            diagnostics.error("Bind.OperatorConflict", operator.valueAt("/spec/profile"), shown + " names profile '"
                    + written.asText() + "', but its revision's profile is '" + ours + "' (" + setting.at()
                    + "), which istiodsl gives istioctl", "remove spec.profile from the file, or name one profile");
        }
    }

    private static boolean isProfileFile(Ast.Value value) {
        return value instanceof Ast.Value.StringValue s && Revision.isProfileFile(s.text());
    }

    private Optional<String> profile(Ast.Value value, Declared<Ast.Revision> declared) {
        if (isProfileFile(value)) {
            Ast.Value.StringValue s = (Ast.Value.StringValue) value;
            return structured.text(declared.source(), s.text(), value.at(), "profile file").map(Path::toString);
        }
        Optional<String> name = values.text(value, "profile");
        if (name.isPresent() && !PROFILES.contains(name.get())) {
            diagnostics.error("Bind.UnknownProfile", value.at(), "Istio has no profile '" + name.get() + "'",
                    Suggestions.closest(name.get(), PROFILES).map(s -> "did you mean '" + s + "'?")
                            .orElse("profiles: " + String.join(", ", PROFILES.stream().sorted().toList())
                                    + "; or a \"file.yaml\""));
            return Optional.empty();
        }
        return name;
    }

    /**
     * {@code charts repository} (Istio's chart repository, or the mirror the compile is configured with),
     * {@code charts "https://host/path"} (that repository), or {@code charts "folder"} (inside the project).
     */
    private Optional<HelmCharts> charts(Ast.Value value, Declared<Ast.Revision> declared, SourceLocation at) {
        if (value instanceof Ast.Value.WordValue word && word.text().equals(REPOSITORY)) {
            return Optional.of(HelmCharts.fromRepository(Optional.empty(), at));
        }
        if (value instanceof Ast.Value.WordValue word) {
            diagnostics.error("Bind.WrongType", value.at(), "charts must be `repository` (Istio's chart repository), "
                    + "a \"https://\" repository or a \"folder\", not the word '" + word.text() + "'",
                    Suggestions.closest(word.text(), Set.of(REPOSITORY)).map(s -> "did you mean '" + s + "'?")
                            .orElse("quote a folder: charts \"" + word.text() + "\""));
            return Optional.empty();
        }
        Optional<String> text = values.string(value, "charts");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String lower = text.get().toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            try {
                java.net.URI uri = new java.net.URI(text.get());
                if (uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
                    throw new java.net.URISyntaxException(text.get(), "no host, or a query or fragment");
                }
                return Optional.of(HelmCharts.fromRepository(Optional.of(uri), at));
            } catch (java.net.URISyntaxException e) {
                diagnostics.error("Bind.InvalidValue", value.at(), "charts \"" + text.get() + "\" is not the address"
                        + " of a Helm chart repository", "give the folder that holds its index.yaml, like "
                        + "\"https://istio-release.storage.googleapis.com/charts\"");
                return Optional.empty();
            }
        }
        if (lower.matches("[a-z][a-z0-9+.-]*://.*")) {
            diagnostics.error("Bind.InvalidValue", value.at(), "charts \"" + text.get() + "\": istiodsl reads chart "
                    + "repositories over https or http only" + (lower.startsWith("oci://") ? " (the embedded Helm,"
                    + " helm-java 0.0.21, has no command that pulls a chart from an OCI registry)" : ""),
                    "use `charts repository` for Istio's own repository, or an https:// mirror of it (an index.yaml"
                            + " and its .tgz files)");
            return Optional.empty();
        }
        return files.resolveExistingFolder(declared.source(), text.get(), value.at(), "charts folder", diagnostics)
                .map(folder -> new HelmCharts(folder, at));
    }

    private Map<String, ObjectNode> components(Ast.Revision ast, String where) {
        Map<String, ObjectNode> components = new LinkedHashMap<>();
        Map<String, Ast.Component> seen = new LinkedHashMap<>();
        for (Ast.Component component : ast.components()) {
            String name = component.name().text();
            if (!COMPONENTS.contains(name)) {
                String hint = name.endsWith("Gateways") ? "declare gateways with `gateway NAME { ... }`"
                        : Suggestions.hint(name, COMPONENTS, "component");
                diagnostics.error("Bind.UnknownComponent", component.name().at(),
                        "IstioOperator has no component '" + name + "'", hint);
                continue;
            }
            Ast.Component first = seen.putIfAbsent(name, component);
            if (first != null) {
                diagnostics.error("Bind.DuplicateSetting", component.name().at(),
                        "component '" + name + "' is configured twice in " + where + " (first at line "
                                + first.at().line() + ")", "merge the two blocks");
                continue;
            }
            images.component(component);
            components.put(name, values.object(component.settings()));
        }
        return components;
    }
}
