package dev.istiodsl.bind;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.json.Json;
import dev.istiodsl.source.ProjectFiles;
import dev.istiodsl.source.SourceFile;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads the YAML and JSON files a mesh names (IstioOperator, patches, resources), reporting what is wrong with them. */
final class StructuredFiles {

    private static final ObjectMapper YAML;

    static {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(16 * 1024 * 1024);
        YAML = new YAMLMapper(YAMLFactory.builder().loaderOptions(options).build())
                .setNodeFactory(Json.NODES);
    }

    private final ProjectFiles files;
    private final Diagnostics diagnostics;

    StructuredFiles(ProjectFiles files, Diagnostics diagnostics) {
        this.files = files;
        this.diagnostics = diagnostics;
    }

    /** A file holding one YAML or JSON document, as a tree. */
    Optional<Read> read(SourceFile from, String written, SourceLocation at, String what) {
        Optional<Path> path = files.resolveExisting(from, written, at, what, diagnostics);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode tree = YAML.readTree(files.read(path.get()));
            if (tree == null || tree.isMissingNode()) {
                diagnostics.error("Bind.InvalidFile", at, what + " '" + written + "' is empty", null);
                return Optional.empty();
            }
            return Optional.of(new Read(path.get(), tree));
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            String place = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            diagnostics.error("Bind.InvalidFile", at,
                    what + " '" + written + "' is not valid YAML or JSON" + place + ": " + e.getOriginalMessage(),
                    null);
        } catch (IOException e) {
            diagnostics.error("Bind.FileNotReadable", at, "cannot read " + what + " '" + written + "': "
                    + e.getMessage(), null);
        }
        return Optional.empty();
    }

    /** An IstioOperator file: one document of kind IstioOperator. */
    Optional<Path> readOperator(SourceFile from, String written, SourceLocation at) {
        return read(from, written, at, "IstioOperator file").filter(read -> {
            JsonNode kind = read.tree().path("kind");
            if (!kind.asText().equals("IstioOperator")) {
                diagnostics.error("Bind.InvalidFile", at, "'" + written + "' is not an IstioOperator (kind is "
                        + (kind.isMissingNode() ? "missing" : "'" + kind.asText() + "'") + ")",
                        "the file must hold one `kind: IstioOperator` document");
                return false;
            }
            return true;
        }).map(Read::path);
    }

    /** A file and its content. */
    record Read(Path path, JsonNode tree) {
    }
}
