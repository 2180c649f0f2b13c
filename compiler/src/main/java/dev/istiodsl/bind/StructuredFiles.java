package dev.istiodsl.bind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.json.LocatedYaml;
import dev.istiodsl.json.Numbers;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.model.OperatorFile;
import dev.istiodsl.source.ProjectFiles;
import dev.istiodsl.source.SourceFile;
import dev.istiodsl.source.SourceSet;
import dev.istiodsl.util.Utf8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the YAML and JSON files a mesh names (IstioOperator, patches, resources), reporting what is wrong with them. */
final class StructuredFiles {

    private final ProjectFiles files;
    private final Diagnostics diagnostics;
    private final SourceSet sources;

    /** @param sources where the lines of files that diagnostics point into are kept for quoting */
    StructuredFiles(ProjectFiles files, Diagnostics diagnostics, SourceSet sources) {
        this.files = files;
        this.diagnostics = diagnostics;
        this.sources = sources;
    }

    /** A file holding one YAML or JSON document, as a tree. */
    Optional<Read> read(SourceFile from, String written, SourceLocation at, String what) {
        return readDocuments(from, written, at, what).flatMap(read -> {
            if (read.documents().size() != 1) {
                diagnostics.error("Bind.InvalidFile", at, what + " '" + written + "' holds " + read.documents().size()
                        + " documents", "the file must hold exactly one YAML or JSON document");
                return Optional.empty();
            }
            return Optional.of(new Read(read.path(), read.documents().get(0).tree(), read.text()));
        });
    }

    /**
     * A file of one or more YAML or JSON documents, each as a tree with the line it starts on (a resource file may
     * hold several resources).
     */
    Optional<Documents> readDocuments(SourceFile from, String written, SourceLocation at, String what) {
        Optional<Path> path = files.resolveExisting(from, written, at, what, diagnostics);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try {
            String text = files.read(path.get());
            List<Yaml.Document> documents = Yaml.numberedDocuments(text);
            if (documents.isEmpty()) {
                diagnostics.error("Bind.InvalidFile", at, what + " '" + written + "' holds no document",
                        "write it as YAML or JSON");
                return Optional.empty();
            }
            return Optional.of(new Documents(path.get(), files.displayName(path.get()), documents, text));
        } catch (Yaml.Problem e) {
            invalid(written, at, what, e);
        } catch (IOException e) {
            diagnostics.error("Bind.FileNotReadable", at, "cannot read " + what + " '" + written + "': "
                    + e.getMessage(), null);
        }
        return Optional.empty();
    }

    /**
     * An IstioOperator file: exactly one document of kind IstioOperator. Teams often keep the Namespace beside it in
     * the same file; such documents are left out of the expansion, with a note saying so. The IstioOperator is read as
     * istioctl reads it, with the place of each field, and the file's lines are kept for quoting.
     */
    Optional<OperatorFile> readOperator(SourceFile from, String written, SourceLocation at) {
        Optional<Path> path = files.resolveExisting(from, written, at, "IstioOperator file", diagnostics);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        List<JsonNode> documents;
        String text;
        try {
            text = files.read(path.get());
            documents = Yaml.readDocumentsForShape(text);
        } catch (Yaml.Problem e) {
            invalid(written, at, "IstioOperator file", e);
            return Optional.empty();
        } catch (IOException e) {
            diagnostics.error("Bind.FileNotReadable", at, "cannot read IstioOperator file '" + written + "': "
                    + e.getMessage(), null);
            return Optional.empty();
        }
        List<String> others = new ArrayList<>();
        int operators = 0;
        for (JsonNode document : documents) {
            String kind = document.path("kind").asText("");
            if (kind.equals("IstioOperator")) {
                operators++;
            } else {
                others.add(kind.isEmpty() ? "a document without kind" : kind);
            }
        }
        if (operators != 1) {
            String holds = operators == 0 ? (others.isEmpty() ? "nothing" : "a " + String.join(", a ", others))
                    + ", not an IstioOperator" : operators + " IstioOperators";
            diagnostics.error("Bind.InvalidFile", at, "IstioOperator file '" + written + "' holds " + holds,
                    "the file must hold exactly one `kind: IstioOperator` document, as istioctl -f requires");
            return Optional.empty();
        }
        if (!others.isEmpty()) {
            diagnostics.add(new dev.istiodsl.diag.Diagnostic("Bind.OperatorFileExtraDocuments",
                    dev.istiodsl.diag.Severity.NOTE, at, "'" + written + "' also holds " + String.join(", ", others)
                            + "; only its IstioOperator is used", "istiodsl emits Namespaces itself", null));
        }
        return located(path.get(), text, written, at);
    }

    /** The IstioOperator document of a file known to hold exactly one, with the places of its fields. */
    private Optional<OperatorFile> located(Path path, String text, String written, SourceLocation at) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<LocatedYaml.Document> documents;
        try {
            documents = LocatedYaml.read(body);
        } catch (Yaml.Problem e) {
            invalid(written, at, "IstioOperator file", e);
            return Optional.empty();
        }
        String name = files.displayName(path);
        sources.quote(name, body);
        return documents.stream().filter(d -> d.tree().path("kind").asText("").equals("IstioOperator")).findFirst()
                .map(d -> new OperatorFile(path, d.tree(), located(name, d.values().get("")),
                        located(name, d.keys()), located(name, d.values())));
    }

    private static Map<String, SourceLocation> located(String file, Map<String, LocatedYaml.Place> places) {
        Map<String, SourceLocation> out = new HashMap<>();
        places.forEach((pointer, place) -> out.put(pointer, located(file, place)));
        return out;
    }

    private static SourceLocation located(String file, LocatedYaml.Place place) {
        return new SourceLocation(file, place.line(), place.column(), place.length());
    }

    /**
     * A file istioctl reads itself (a profile file): UTF-8 text, read here only so that the digest of the sources covers
     * its bytes.
     */
    Optional<Path> text(SourceFile from, String written, SourceLocation at, String what) {
        Optional<Path> path = files.resolveExisting(from, written, at, what, diagnostics);
        try {
            if (path.isPresent()) {
                files.read(path.get());
            }
            return path;
        } catch (IOException e) {
            diagnostics.error("Bind.FileNotReadable", at, "cannot read " + what + " '" + written + "': "
                    + e.getMessage(), "save it as UTF-8 text");
            return Optional.empty();
        }
    }

    /**
     * A manifest file: it must be UTF-8 text. Its YAML is read when the revision is expanded, and reported there; a
     * byte that is not UTF-8 is reported here, at the {@code manifest} line, with its place in the file.
     */
    Optional<Path> manifest(SourceFile from, String written, SourceLocation at) {
        Optional<Path> path = files.resolveExisting(from, written, at, "manifest file", diagnostics);
        if (path.isEmpty()) {
            return path;
        }
        try {
            Utf8.decode(Files.readAllBytes(path.get()));
            return path;
        } catch (IOException e) {
            diagnostics.error("Bind.FileNotReadable", at, "cannot read manifest file '" + written + "': "
                    + e.getMessage(), null);
            return Optional.empty();
        }
    }

    private void invalid(String written, SourceLocation at, String what, Yaml.Problem e) {
        if (e.numberOutOfRange()) {
            diagnostics.error("Bind.OutOfRange", at, what + " '" + written + "', " + e.describe(), Numbers.RANGE);
            return;
        }
        diagnostics.error("Bind.InvalidFile", at, what + " '" + written + "' is not valid YAML or JSON "
                + e.describe(), null);
    }

    /** A file, its content, and its text exactly as read. */
    record Read(Path path, JsonNode tree, String text) {
    }

    /**
     * A file of documents.
     *
     * @param shown the name diagnostics show for it, relative to the project
     */
    record Documents(Path path, String shown, List<Yaml.Document> documents, String text) {

        /** Where a document starts, for what is reported about the resource it holds. */
        SourceLocation at(Yaml.Document document) {
            return new SourceLocation(shown, document.line(), 1, 1);
        }
    }
}
