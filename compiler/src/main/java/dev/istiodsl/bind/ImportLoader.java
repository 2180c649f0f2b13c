package dev.istiodsl.bind;

import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.Suggestions;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.parse.Ast;
import dev.istiodsl.parse.MeshParser;
import dev.istiodsl.source.ProjectFiles;
import dev.istiodsl.source.SourceFile;
import dev.istiodsl.source.SourceSet;
import dev.istiodsl.source.StandardLibrary;
import dev.istiodsl.util.RealPaths;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the root file and everything it imports, each file once, depth first in the order written; reports files
 * that cannot be found or read, unknown std modules and import cycles.
 */
final class ImportLoader {

    /** A parsed file and its text. */
    record Loaded(SourceFile source, Ast.File ast) {
    }

    private final ProjectFiles files;
    private final StandardLibrary std;
    private final SourceSet sources;
    private final Diagnostics diagnostics;
    private final MeshParser parser = new MeshParser();
    private final List<Loaded> loaded = new ArrayList<>();
    private final Set<String> done = new HashSet<>();
    /** The display names of the files being followed, the root first: an import of one of them is a cycle. */
    private final List<String> stack = new ArrayList<>();
    private final Deque<Open> open = new ArrayDeque<>();

    ImportLoader(ProjectFiles files, StandardLibrary std, SourceSet sources, Diagnostics diagnostics) {
        this.files = files;
        this.std = std;
        this.sources = sources;
        this.diagnostics = diagnostics;
    }

    /** Every file of the program, the root first; empty when the root cannot be read. */
    List<Loaded> load(Path root) {
        if (!root.toAbsolutePath().normalize().startsWith(files.root())) {
            // Every path in it would resolve outside the project and be blamed instead.
            diagnostics.error("Bind.PathOutsideProject", null, "the mesh file " + root.toAbsolutePath().normalize()
                    + " is outside the project directory " + files.root(), "move it into the project, or set "
                            + "istiodsl.projectDirectory to a folder that holds it");
            return List.of();
        }
        String name = files.displayName(root);
        if (!insideThroughLinks(root, name)) {
            return List.of();
        }
        Optional<SourceFile> source = readProjectFile(root, name, null);
        source.ifPresent(file -> visit(file, "file:" + root));
        return List.copyOf(loaded);
    }

    /**
     * The mesh file is judged by where it really is, as every file it names is: a link to a file outside the project
     * is refused as an import through such a link is.
     */
    private boolean insideThroughLinks(Path root, String name) {
        Path real;
        try {
            real = RealPaths.of(root);
            if (RealPaths.strictlyInside(root, files.root())) {
                return true;
            }
        } catch (IOException e) {
            diagnostics.error("Bind.FileNotReadable", SourceLocation.ofFile(name), "cannot follow the links of the "
                    + "mesh file " + name + ": " + e.getMessage(), null);
            return false;
        }
        diagnostics.error("Bind.PathOutsideProject", null, "the mesh file " + name + " is a link to " + real
                + ", outside the project directory " + files.root(), "keep every file the mesh uses inside "
                        + files.root().getFileName() + ": move the file in and link to it from outside, if need be");
        return false;
    }

    /**
     * Walks the imports depth first without recursing: a chain of thousands of files, each importing the next, needs
     * no more stack than one file.
     */
    private void visit(SourceFile root, String key) {
        enterFile(root, key);
        while (!open.isEmpty()) {
            Open top = open.peek();
            if (!top.members().hasNext()) {
                open.pop();
                stack.remove(stack.size() - 1);
            } else if (top.members().next() instanceof Ast.Import anImport) {
                follow(top.source(), anImport);
            }
        }
    }

    /** A file whose imports are being followed, and the members after the one followed last. */
    private record Open(SourceFile source, Iterator<Ast.Member> members) {
    }

    private void enterFile(SourceFile source, String key) {
        stack.add(source.displayName());
        done.add(key);
        sources.add(source);
        Ast.File ast = parser.parse(source, diagnostics);
        SecretSpans.register(source, ast, sources.redaction());
        loaded.add(new Loaded(source, ast));
        open.push(new Open(source, ast.members().iterator()));
    }

    private void follow(SourceFile from, Ast.Import anImport) {
        if (anImport.standard()) {
            Optional<String> module = StandardLibrary.moduleName(anImport.target());
            if (module.isEmpty()) {
                diagnostics.error("Bind.InvalidImport", anImport.targetAt(),
                        "'" + anImport.target() + "' is neither a standard library module nor a quoted path",
                        "write `import std/NAME` for the standard library, or `import \"" + anImport.target()
                                + ".istiodsl\"` for a file of the project");
                return;
            }
            String key = "std:" + module.get();
            Optional<SourceFile> library = std.load(module.get());
            if (library.isEmpty()) {
                diagnostics.error("Bind.UnknownImport", anImport.targetAt(),
                        "the standard library has no module '" + module.get() + "'",
                        Suggestions.hint(module.get(), std.modules(), "module"));
                return;
            }
            enter(library.get(), key, anImport.targetAt());
            return;
        }
        Optional<Path> path = files.resolveExisting(from, anImport.target(), anImport.targetAt(), "imported file",
                diagnostics);
        if (path.isEmpty()) {
            return;
        }
        String key = "file:" + path.get();
        String name = files.displayName(path.get());
        if (stack.contains(name)) {
            cycle(name, anImport.targetAt());
            return;
        }
        if (done.contains(key)) {
            return;
        }
        readProjectFile(path.get(), name, anImport.targetAt()).ifPresent(file -> enterFile(file, key));
    }

    private void enter(SourceFile library, String key, SourceLocation at) {
        if (stack.contains(library.displayName())) {
            cycle(library.displayName(), at);
        } else if (!done.contains(key)) {
            enterFile(library, key);
        }
    }

    private void cycle(String name, SourceLocation at) {
        List<String> path = new ArrayList<>(stack.subList(stack.indexOf(name), stack.size()));
        path.add(name);
        diagnostics.error("Bind.ImportCycle", at, "import cycle: " + String.join(" -> ", path),
                "move what both files need into a third file that both import");
    }

    private Optional<SourceFile> readProjectFile(Path path, String name, SourceLocation importedAt) {
        try {
            return Optional.of(new SourceFile(name, Optional.of(path), files.read(path)));
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            diagnostics.error("Bind.FileNotReadable", importedAt != null ? importedAt : SourceLocation.ofFile(name),
                    "cannot read " + name + ": " + reason, null);
            return Optional.empty();
        }
    }
}
