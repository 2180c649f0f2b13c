package dev.istiodsl.source;

import dev.istiodsl.util.Sha256;
import dev.istiodsl.util.Utf8;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.SourceLocation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The project directory as the DSL sees it: paths named in a file resolve against that file's folder and must stay
 * inside the project, symbolic links included.
 */
public final class ProjectFiles {

    private final Path root;
    private final SortedMap<String, String> digests = new TreeMap<>();
    private final Map<Path, String> unsaved = new HashMap<>();

    public ProjectFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The name diagnostics show for a project file: relative to the project, with '/'. */
    public String displayName(Path file) {
        Path normal = file.toAbsolutePath().normalize();
        Path shown = normal.startsWith(root) ? root.relativize(normal) : normal.getFileName();
        return shown.toString().replace('\\', '/');
    }

    /**
     * Resolves a path written in {@code from} and checks it names an existing file inside the project.
     *
     * @param what what the file is for, in messages ("IstioOperator file")
     * @return the absolute path, or empty after reporting why not
     */
    public Optional<Path> resolveExisting(SourceFile from, String written, SourceLocation at, String what,
            Diagnostics diagnostics) {
        return resolveExisting(from, written, at, what, diagnostics, false);
    }

    /**
     * Resolves a path written in {@code from} and checks it names an existing folder inside the project, with the same
     * rules as {@link #resolveExisting} for files.
     */
    public Optional<Path> resolveExistingFolder(SourceFile from, String written, SourceLocation at, String what,
            Diagnostics diagnostics) {
        return resolveExisting(from, written, at, what, diagnostics, true);
    }

    private Optional<Path> resolveExisting(SourceFile from, String written, SourceLocation at, String what,
            Diagnostics diagnostics, boolean folder) {
        if (from.isStandardLibrary()) {
            diagnostics.error("Bind.FileInStandardLibrary", at,
                    "standard library files cannot name project files ('" + written + "')", null);
            return Optional.empty();
        }
        Optional<Path> inside = resolveInside(from, written, at, diagnostics);
        if (inside.isEmpty()) {
            return Optional.empty();
        }
        Path path = inside.get();
        if (folder && Files.isRegularFile(path)) {
            diagnostics.error("Bind.FileNotFound", at, what + " '" + written + "' is a file, not a folder",
                    "name the folder that holds it");
            return Optional.empty();
        }
        if (!folder && Files.isDirectory(path)) {
            diagnostics.error("Bind.FileNotFound", at, what + " '" + written + "' is a folder, not a file",
                    "name a file in it");
            return Optional.empty();
        }
        if (!folder && Files.exists(path) && !Files.isRegularFile(path)) {
            diagnostics.error("Bind.FileNotReadable", at, what + " '" + written + "' is not a regular file (a pipe,"
                    + " socket or device)", "name a file saved in the project");
            return Optional.empty();
        }
        if (folder ? !Files.isDirectory(path) : !Files.isRegularFile(path)) {
            diagnostics.error("Bind.FileNotFound", at,
                    what + " '" + written + "' does not exist (looked for " + displayName(path) + ")",
                    "paths are relative to the file that names them: " + from.displayName());
            return Optional.empty();
        }
        try {
            Path real = path.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                diagnostics.error("Bind.PathOutsideProject", at,
                        what + " '" + written + "' is a link to " + (folder ? "a folder" : "a file")
                                + " outside the project directory",
                        "keep every file the mesh uses inside " + root.getFileName());
                return Optional.empty();
            }
        } catch (IOException e) {
            diagnostics.error("Bind.FileNotReadable", at, "cannot read " + what + " '" + written + "': " + e, null);
            return Optional.empty();
        }
        return Optional.of(path);
    }

    /** Resolves a written path against the folder of {@code from}, refusing anything that leaves the project. */
    public Optional<Path> resolveInside(SourceFile from, String written, SourceLocation at, Diagnostics diagnostics) {
        Path base = from.path().map(Path::getParent).orElse(root);
        Path path;
        try {
            path = base.resolve(written).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            Optional<String> unencodable = FileNameEncoding.unencodable(written);
            if (unencodable.isPresent()) {
                diagnostics.error("Bind.InvalidPath", at, "'" + FileNameEncoding.escaped(written) + "' cannot be "
                        + "opened here: " + unencodable.get(), FileNameEncoding.HINT);
            } else {
                diagnostics.error("Bind.InvalidPath", at, "'" + printable(written) + "' is not a valid path: "
                        + e.getReason(), "paths use printable characters only");
            }
            return Optional.empty();
        }
        if (Path.of(written).isAbsolute() || !path.startsWith(root)) {
            diagnostics.error("Bind.PathOutsideProject", at,
                    "'" + written + "' is outside the project directory",
                    "use a path relative to " + from.displayName() + " that stays inside the project");
            return Optional.empty();
        }
        return Optional.of(path);
    }

    /** The text with control characters written as \\uXXXX, so messages stay one printable line. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(Character.isISOControl(c) ? String.format(java.util.Locale.ROOT, "\\u%04x", (int) c) : c);
        }
        return out.toString();
    }

    /** Display name to SHA-256 of every file read through {@link #read}: what the compile depended on. */
    public SortedMap<String, String> digests() {
        return Collections.unmodifiableSortedMap(digests);
    }

    /**
     * Reads {@code file} as {@code text} instead of its bytes on disk: a file as a goal is about to write it
     * ({@code promote} compiles the mesh file it would save, and saves it only when that compiles).
     */
    public ProjectFiles withUnsaved(Path file, String text) {
        unsaved.put(file.toAbsolutePath().normalize(), text);
        return this;
    }

    /** Reads a project file as strict UTF-8, and remembers its digest. */
    public String read(Path file) throws IOException {
        String pending = unsaved.get(file.toAbsolutePath().normalize());
        if (pending != null) {
            digests.put(displayName(file), Sha256.hex(pending.getBytes(StandardCharsets.UTF_8)));
            return pending;
        }
        byte[] bytes = Files.readAllBytes(file);
        digests.put(displayName(file), Sha256.hex(bytes));
        return Utf8.decode(bytes);
    }
}
