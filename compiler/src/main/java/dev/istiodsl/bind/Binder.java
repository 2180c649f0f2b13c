package dev.istiodsl.bind;

import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.Suggestions;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Gateway;
import dev.istiodsl.model.KubernetesVersion;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.model.OutputFormat;
import dev.istiodsl.model.Overlay;
import dev.istiodsl.model.Revision;
import dev.istiodsl.model.Suppression;
import dev.istiodsl.parse.Ast;
import dev.istiodsl.source.ProjectFiles;
import dev.istiodsl.source.SourceSet;
import dev.istiodsl.source.StandardLibrary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Stage {@code bind}: reads the root file and its imports, resolves every name, folds defaults and inheritance into
 * each environment, and returns the checked {@link Mesh}. Every problem is reported; nothing is thrown for a user
 * mistake.
 */
public final class Binder {

    private static final Set<String> MESH_SETTINGS = Set.of("namespace", "hub", "output", "kubernetes", "flux");
    private static final Set<String> MESH_LISTS = Set.of("pullSecrets", "overlays");

    private final ProjectFiles files;
    private final SourceSet sources;
    private final Diagnostics diagnostics;
    private final ValueReader values;
    private final StandardLibrary std;

    public Binder(Path projectDirectory, SourceSet sources, Diagnostics diagnostics) {
        this(projectDirectory, sources, diagnostics, StandardLibrary.onClasspath());
    }

    public Binder(Path projectDirectory, SourceSet sources, Diagnostics diagnostics, StandardLibrary std) {
        this.files = new ProjectFiles(projectDirectory);
        this.sources = sources;
        this.diagnostics = diagnostics;
        this.values = new ValueReader(diagnostics);
        this.std = std;
    }

    /** Binds {@code file} as if it held {@code text}: see {@link ProjectFiles#withUnsaved}. */
    public Binder withUnsaved(Path file, String text) {
        files.withUnsaved(file, text);
        return this;
    }

    public Optional<Mesh> bind(Path meshFile) {
        try {
            return bindProgram(meshFile);
        } finally {
            sources.addData(files.digests());
        }
    }

    private Optional<Mesh> bindProgram(Path meshFile) {
        List<ImportLoader.Loaded> program = new ImportLoader(files, std, sources, diagnostics).load(meshFile);
        if (program.isEmpty() || diagnostics.hasErrors()) {
            // Syntax and import errors first: binding a half-read program would only report their echoes.
            return Optional.empty();
        }
        ImportLoader.Loaded root = program.get(0);
        if (root.ast().meshName().isEmpty()) {
            diagnostics.error("Bind.MissingMesh", SourceLocation.ofFile(root.source().displayName()),
                    root.source().displayName() + " declares no mesh",
                    "the root file holds `mesh NAME { ... }`; library files are pulled in with `import`");
            return Optional.empty();
        }
        for (ImportLoader.Loaded imported : program.subList(1, program.size())) {
            imported.ast().meshName().ifPresent(name -> diagnostics.error("Bind.MeshInImport", name.at(),
                    "an imported file cannot declare a mesh", "imported files hold only imports, revisions, "
                            + "gateways and overlays"));
        }

        Map<String, Declared<Ast.Revision>> revisionDecls = new TreeMap<>();
        Map<String, Declared<Ast.Gateway>> gatewayDecls = new TreeMap<>();
        Map<String, Declared<Ast.Overlay>> overlayDecls = new TreeMap<>();
        Map<String, Ast.Environment> environmentDecls = new TreeMap<>();
        Map<String, Ast.Tag> meshTags = new TreeMap<>();
        List<Ast.Setting> meshSettings = new ArrayList<>();
        List<Suppression> meshSuppressions = new ArrayList<>();
        for (ImportLoader.Loaded file : program) {
            for (Ast.Member member : file.ast().members()) {
                if (member instanceof Ast.Revision r) {
                    declare(revisionDecls, r.name(), new Declared<>(r, file.source()), "revision");
                } else if (member instanceof Ast.Gateway g) {
                    declare(gatewayDecls, g.name(), new Declared<>(g, file.source()), "gateway");
                } else if (member instanceof Ast.Overlay o) {
                    declare(overlayDecls, o.name(), new Declared<>(o, file.source()), "overlay");
                } else if (member instanceof Ast.Environment e) {
                    declare(environmentDecls, e.name(), e, "environment");
                } else if (member instanceof Ast.Tag t) {
                    declare(meshTags, t.name(), t, "tag");
                } else if (member instanceof Ast.Setting s) {
                    meshSettings.add(s);
                } else if (member instanceof Ast.Suppress s) {
                    Suppressions.bind(s, diagnostics).ifPresent(meshSuppressions::add);
                }
            }
        }

        StructuredFiles structured = new StructuredFiles(files, diagnostics, sources);
        RevisionBinder revisionBinder = new RevisionBinder(diagnostics, values, files, structured);
        Map<String, Revision> revisions = new TreeMap<>();
        revisionDecls.forEach((name, decl) -> revisionBinder.bind(decl).ifPresent(r -> revisions.put(name, r)));

        GatewayBinder gatewayBinder = new GatewayBinder(diagnostics, values);
        Map<String, Gateway> gateways = new TreeMap<>();
        gatewayDecls.forEach((name, decl) -> gatewayBinder.bind(decl.node()).ifPresent(g -> gateways.put(name, g)));

        Set<String> allTags = new TreeSet<>(meshTags.keySet());
        environmentDecls.values().forEach(env -> env.tags().forEach(t -> allTags.add(t.name().text())));
        OverlayBinder overlayBinder = new OverlayBinder(diagnostics, values, structured,
                new OverlayBinder.Known(revisionDecls.keySet(), allTags, gatewayDecls.keySet()), sources.redaction());
        Map<String, Overlay> overlays = new TreeMap<>();
        overlayDecls.forEach((name, decl) -> overlayBinder.bind(decl).ifPresent(o -> overlays.put(name, o)));

        EnvironmentBinder.Defaults defaults = defaults(meshSettings, meshTags, revisionDecls.keySet(),
                overlayDecls.keySet());
        Map<String, Environment> environments = new EnvironmentBinder(diagnostics, values, defaults,
                revisionDecls.keySet(), gateways, overlayDecls.keySet(), environmentDecls).bindAll();
        // Only when every environment is bound: one that is not may write Flux output.
        if (!environments.isEmpty() && environments.size() == environmentDecls.size() && environments.values()
                .stream().noneMatch(env -> env.output() == OutputFormat.FLUX)) {
            meshSettings.stream().filter(s -> s.name().text().equals("flux")).findFirst().ifPresent(flux -> diagnostics
                    .warning("Bind.UnusedSetting", flux.name().at(), "the mesh's flux settings reach no Flux object:"
                            + " no environment writes Flux output", "remove the `flux` setting, or write `output"
                            + " flux`"));
        }
        if (environmentDecls.isEmpty()) {
            diagnostics.warning("Bind.NoEnvironments", root.ast().meshName().get().at(),
                    "mesh '" + root.ast().meshName().get().text() + "' has no environment, so nothing is emitted",
                    "add `environment NAME { revisions ... }`");
        }

        Ast.Name meshName = root.ast().meshName().get();
        Names.checkLabel(meshName, "mesh", diagnostics);
        List<String> sourceNames = program.stream().map(l -> l.source().displayName()).toList();
        return Optional.of(new Mesh(meshName.text(), meshName.at(), revisions, gateways, overlays, environments,
                sourceNames, meshSuppressions));
    }

    private EnvironmentBinder.Defaults defaults(List<Ast.Setting> written, Map<String, Ast.Tag> tags,
            Set<String> revisions, Set<String> overlays) {
        Settings settings = Settings.check(written, MESH_SETTINGS, MESH_LISTS, "the mesh", diagnostics);
        Optional<KubernetesVersion> kubernetes = settings.value("kubernetes")
                .flatMap(v -> values.kubernetesVersion(v, "kubernetes"));
        OutputFormat output = settings.value("output").flatMap(v -> values.text(v, "output")).flatMap(text -> {
            Optional<OutputFormat> format = OutputFormat.of(text);
            if (format.isEmpty()) {
                diagnostics.error("Bind.InvalidValue", settings.value("output").get().at(),
                        "'" + text + "' is not an output format", "use one of: flux, helmfile, plain");
            }
            return format;
        }).orElse(OutputFormat.FLUX);
        String namespace = settings.value("namespace").flatMap(v -> values.dnsLabel(v, "namespace"))
                .orElse("istio-system");
        Optional<String> hub = settings.value("hub").flatMap(values::hub);
        List<String> pullSecrets = new ArrayList<>();
        settings.values("pullSecrets").forEach(v -> values.dnsLabel(v, "pull secret").ifPresent(pullSecrets::add));
        List<String> meshOverlays = new ArrayList<>();
        for (Ast.Value value : settings.values("overlays")) {
            values.text(value, "overlay").ifPresent(name -> {
                if (overlays.contains(name)) {
                    meshOverlays.add(name);
                } else {
                    diagnostics.error("Bind.UnknownOverlay", value.at(), "unknown overlay '" + name + "'",
                            Suggestions.hint(name, new TreeSet<>(overlays), "overlay"));
                }
            });
        }
        Map<String, Ast.Tag> validTags = new LinkedHashMap<>();
        tags.forEach((name, tag) -> {
            if (Names.checkTag(tag.name(), diagnostics) && EnvironmentBinder.tagTarget(tag, revisions, diagnostics)) {
                validTags.put(name, tag);
            }
        });
        return new EnvironmentBinder.Defaults(kubernetes, output, namespace, hub, pullSecrets, meshOverlays,
                validTags, tags.keySet(), new FluxSettingsBinder(diagnostics, values).apply(
                        dev.istiodsl.model.FluxSettings.DEFAULTS, settings.value("flux")));
    }

    private <T> void declare(Map<String, T> table, Ast.Name name, T node, String noun) {
        T first = table.putIfAbsent(name.text(), node);
        if (first != null) {
            SourceLocation firstAt = locationOf(first);
            diagnostics.error("Bind.DuplicateName", name.at(), noun + " '" + name.text() + "' is declared twice",
                    "the first is at " + firstAt + "; rename or remove one");
        }
    }

    private static SourceLocation locationOf(Object node) {
        Object decl = node instanceof Declared<?> d ? d.node() : node;
        if (decl instanceof Ast.Revision r) {
            return r.name().at();
        } else if (decl instanceof Ast.Gateway g) {
            return g.name().at();
        } else if (decl instanceof Ast.Overlay o) {
            return o.name().at();
        } else if (decl instanceof Ast.Environment e) {
            return e.name().at();
        }
        return ((Ast.Tag) decl).name().at();
    }
}
