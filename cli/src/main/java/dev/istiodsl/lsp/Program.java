package dev.istiodsl.lsp;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.Settings;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.parse.Ast;
import dev.istiodsl.parse.MeshParser;
import dev.istiodsl.source.SourceFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One document's program as the compiler sees it: the mesh file that holds it (the document itself, or the nearest
 * {@code mesh.istiodsl} above it), the project, the compiler's result with the editor's unsaved texts, and the parsed
 * files (imports and std/ included) for navigation.
 */
final class Program {

    /** A parsed file of the program and where it is on disk (std/ files: a copy the editor can open). */
    record ParsedFile(Path path, Ast.File ast, String text) {
    }

    final Path document;
    final Path projectDirectory;
    final Optional<Path> meshFile;
    final CompileResult result;
    final Map<String, ParsedFile> files;

    private Program(Path document, Path projectDirectory, Optional<Path> meshFile, CompileResult result,
            Map<String, ParsedFile> files) {
        this.document = document;
        this.projectDirectory = projectDirectory;
        this.meshFile = meshFile;
        this.result = result;
        this.files = files;
    }

    /** Analyses the program of {@code document}, reading the open documents' texts instead of the disk. */
    static Program of(Path document, Map<Path, String> open, Optional<Path> workspace, StdFiles std) {
        return of(document, open, workspace, std, false);
    }

    /**
     * The same; when {@code saved}, also every check of the expanded resources if the expansion cache holds every
     * expansion (nothing is run or downloaded for it); otherwise bind and the DSL-level rules.
     */
    static Program of(Path document, Map<Path, String> open, Optional<Path> workspace, StdFiles std,
            boolean saved) {
        String text = open.containsKey(document) ? open.get(document) : read(document);
        Diagnostics parseOnly = new Diagnostics();
        Ast.File own = new MeshParser().parse(new SourceFile(document.getFileName().toString(), Optional.of(document),
                text), parseOnly);
        Optional<Path> mesh = own.isLibrary() ? nearestMesh(document, workspace) : Optional.of(document);
        Path project = mesh.map(m -> workspace.filter(m::startsWith).orElse(m.getParent()))
                .orElse(document.getParent());
        CompileResult result;
        if (mesh.isPresent()) {
            CompileRequest request = new CompileRequest(project, mesh.get());
            result = new Compiler().checkUnsaved(request, open);
            if (saved && !result.hasErrors()) {
                result = fromCache(project, mesh.get()).orElse(result);
            }
        } else {
            result = new CompileResult(Optional.empty(), parseOnly.sorted(), new dev.istiodsl.source.SourceSet());
        }
        Map<String, ParsedFile> files = new LinkedHashMap<>();
        for (SourceFile source : result.sources().files()) {
            Path path = source.path().orElseGet(() -> std.path(source.displayName(), source.text()));
            files.put(source.displayName(), new ParsedFile(path, new MeshParser().parse(source, new Diagnostics()),
                    source.text()));
        }
        String ownName = mesh.isPresent() && document.startsWith(project)
                ? project.relativize(document).toString().replace('\\', '/') : document.getFileName().toString();
        files.putIfAbsent(ownName, new ParsedFile(document, own, text));
        return new Program(document, project, mesh, result, files);
    }

    /** The parsed document itself. */
    ParsedFile own() {
        return files.values().stream().filter(f -> f.path().equals(document)).findFirst().orElseThrow();
    }

    /** Where a diagnostic's file name points: a project file, or a std/ copy. */
    Optional<Path> pathOf(String displayName) {
        ParsedFile file = files.get(displayName);
        if (file != null) {
            return Optional.of(file.path());
        }
        return displayName.startsWith("std/") ? Optional.empty()
                : Optional.of(projectDirectory.resolve(displayName).normalize());
    }

    /** Every declaration of the program: revisions, tags, gateways, overlays and environments, with their files. */
    List<Declaration> declarations() {
        List<Declaration> all = new ArrayList<>();
        for (ParsedFile file : files.values()) {
            for (Ast.Member member : file.ast().members()) {
                if (member instanceof Ast.Revision r) {
                    all.add(new Declaration(Declaration.Kind.REVISION, r.name(), file));
                } else if (member instanceof Ast.Gateway g) {
                    all.add(new Declaration(Declaration.Kind.GATEWAY, g.name(), file));
                } else if (member instanceof Ast.Overlay o) {
                    all.add(new Declaration(Declaration.Kind.OVERLAY, o.name(), file));
                } else if (member instanceof Ast.Environment e) {
                    all.add(new Declaration(Declaration.Kind.ENVIRONMENT, e.name(), file));
                    e.tags().forEach(t -> all.add(new Declaration(Declaration.Kind.TAG, t.name(), file)));
                } else if (member instanceof Ast.Tag t) {
                    all.add(new Declaration(Declaration.Kind.TAG, t.name(), file));
                }
            }
        }
        return all;
    }

    /** A declared name and the file that declares it. */
    record Declaration(Kind kind, Ast.Name name, ParsedFile file) {
        enum Kind { REVISION, TAG, GATEWAY, OVERLAY, ENVIRONMENT }
    }

    /** validate with every expansion taken from the cache, or empty when one is not there. */
    private static Optional<CompileResult> fromCache(Path project, Path mesh) {
        CompileRequest request;
        try {
            request = new Settings(project).mesh(mesh.toString()).offline(true).request();
        } catch (Settings.Invalid e) {
            return Optional.empty();
        }
        CompileResult full = Compiler.cachedExpansionsOnly().validate(request);
        boolean missing = full.diagnostics().stream().anyMatch(d -> d.id().startsWith("Expand.") && d.isError());
        return missing ? Optional.empty() : Optional.of(full);
    }

    private static Optional<Path> nearestMesh(Path document, Optional<Path> workspace) {
        for (Path dir = document.getParent(); dir != null; dir = dir.getParent()) {
            Path mesh = dir.resolve("mesh.istiodsl");
            if (Files.isRegularFile(mesh) && !mesh.equals(document)) {
                return Optional.of(mesh);
            }
            if (workspace.isPresent() && dir.equals(workspace.get())) {
                break;
            }
        }
        return Optional.empty();
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
