package dev.istiodsl.compiler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.json.Json;
import dev.istiodsl.source.SourceSet;
import dev.istiodsl.util.AtomicFiles;
import dev.istiodsl.util.Sha256;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the last compile of an output that changed nothing said, kept in the cache for the next compile: its
 * diagnostics (as shown, secrets already masked), its resource counts and istioctl binaries, under a key of everything
 * they depend on. A compile that finds the tree compiled from exactly its inputs replays them instead of compiling.
 *
 * <p>The key holds the code of istiodsl itself ({@link ToolIdentity}), the request's settings (paths, istioctl
 * options, {@code today}, suppressions, the soak base ref), the digest of the DSL and every file it names (profile
 * files included), the bytes of the lock file (which pin the tree, the inputs {@code Upgrade.Downgrade} compares with
 * and the Namespace files the namespace rules compare with), and the commit the soak gates were measured at. A record is written only by a compile
 * that found the tree and the lock as it left them: one that changed them judged its Downgrade and Namespace rules
 * against the tree it replaced, which the next compile no longer sees. The instant soak gates are judged at is not in the key: a
 * record is replayed only at a later instant, and only when no soak finding is in it (a gate that held holds later;
 * its messages name the instant).
 */
final class LastCompile {

    private static final String FORMAT = "istiodsl.dev/v1alpha1 LastCompile";

    /** What the record gives back to a compile with nothing to do. */
    record Replay(List<Diagnostic> diagnostics, Map<String, Map<String, Integer>> resources,
            Map<String, String> binaries) {
    }

    private LastCompile() {
    }

    /** {@code <cache>/compiles/<digest of the output's path>.json}: one record per output. */
    static Path file(CompileRequest request) {
        return request.cacheDirectory().resolve("compiles").resolve(Sha256.hex(request.outputDirectory()
                .toString()) + ".json");
    }

    /**
     * Everything but the instant the diagnostics of a compile depend on.
     *
     * @param lock    the bytes of the lock file on disk
     * @param history {@link Pipeline#soakKey}
     */
    static String key(CompileRequest request, String dslDigest, byte[] lock, String history) {
        IstioctlOptions istioctl = request.istioctl();
        ValidateOptions validation = request.validation();
        StringBuilder key = new StringBuilder();
        key.append("tool ").append(ToolIdentity.current()).append('\n')
                .append("project ").append(request.projectDirectory()).append('\n')
                .append("mesh ").append(request.meshFile()).append('\n')
                .append("output ").append(request.outputDirectory()).append('\n')
                .append("cache ").append(request.cacheDirectory()).append('\n')
                .append("istioctl ").append(new TreeMap<>(istioctl.binaries())).append(' ')
                .append(istioctl.directory()).append(' ').append(istioctl.searchPath()).append(' ')
                .append(istioctl.pathVariable()).append(' ').append(istioctl.offline()).append(' ')
                .append(istioctl.downloadUrl()).append(' ').append(istioctl.timeout()).append(' ')
                .append(istioctl.chartRepository()).append('\n')
                .append("expand ").append(validation.expand()).append('\n')
                .append("today ").append(validation.today()).append('\n')
                .append("suppressions ").append(validation.suppressions()).append('\n')
                .append("soak base ").append(validation.soakBase()).append('\n')
                .append("dsl ").append(dslDigest).append('\n')
                .append("lock ").append(Sha256.hex(lock)).append('\n')
                .append("history ").append(history).append('\n');
        return Sha256.hex(key.toString());
    }

    /** Keeps what a compile said, already masked, for the next one; a failure to write only costs that one time. */
    static void write(CompileRequest request, String key, CompileResult result) {
        CompileSummary summary = result.summary().orElseThrow();
        ObjectNode root = Json.NODES.objectNode();
        root.put("format", FORMAT);
        root.put("tool", ToolIdentity.current());
        root.put("key", key);
        root.put("now", request.validation().now().toString());
        ObjectNode resources = root.putObject("resources");
        summary.resources().forEach((env, parts) -> parts.forEach(resources.putObject(env)::put));
        ObjectNode binaries = root.putObject("istioctlBinaries");
        summary.istioctlBinaries().forEach(binaries::put);
        ArrayNode diagnostics = root.putArray("diagnostics");
        for (Diagnostic d : result.diagnostics()) {
            ObjectNode node = diagnostics.addObject();
            node.put("id", d.id()).put("severity", d.severity().name()).put("message", d.message());
            if (d.location() != null) {
                node.put("file", d.location().file()).put("line", d.location().line())
                        .put("column", d.location().column()).put("length", d.location().length());
            }
            optional(node, "hint", d.hint());
            optional(node, "suppression", d.suppression());
            optional(node, "environment", d.environment());
        }
        Path file = file(request);
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, Json.MAPPER.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            // The next compile compiles in full: nothing is lost but time.
        }
    }

    /** Forgets the record: the compile that would replace it kept none. */
    static void forget(CompileRequest request) {
        try {
            Files.deleteIfExists(file(request));
        } catch (IOException e) {
            // A record that stays is replayed only under its own key, which this compile did not match.
        }
    }

    /**
     * The record, when there is one under exactly this key, readable, and judged no later than {@code now} where the
     * soak gates were measured ({@code timed}).
     */
    static Optional<Replay> read(CompileRequest request, String key, boolean timed) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(file(request), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or not JSON: compiled in full, and written anew
        }
        try {
            if (root == null || !FORMAT.equals(root.path("format").asText())
                    || !ToolIdentity.current().equals(root.path("tool").asText())
                    || !key.equals(root.path("key").asText())) {
                return Optional.empty();
            }
            if (timed && request.validation().now().isBefore(Instant.parse(root.path("now").asText()))) {
                return Optional.empty();
            }
            Map<String, Map<String, Integer>> resources = new TreeMap<>();
            for (Map.Entry<String, JsonNode> env : root.path("resources").properties()) {
                Map<String, Integer> parts = new TreeMap<>();
                env.getValue().properties().forEach(part -> parts.put(part.getKey(), number(part.getValue())));
                resources.put(env.getKey(), parts);
            }
            Map<String, String> binaries = new TreeMap<>();
            root.path("istioctlBinaries").properties().forEach(b -> binaries.put(b.getKey(), text(b.getValue())));
            List<Diagnostic> diagnostics = new ArrayList<>();
            if (!root.path("diagnostics").isArray()) {
                return Optional.empty();
            }
            for (JsonNode d : root.path("diagnostics")) {
                SourceLocation at = d.has("file") ? new SourceLocation(text(d.get("file")), number(d.get("line")),
                        number(d.get("column")), number(d.get("length"))) : null;
                diagnostics.add(new Diagnostic(text(d.get("id")), Severity.valueOf(text(d.get("severity"))), at,
                        text(d.get("message")), optional(d, "hint"), optional(d, "suppression"),
                        optional(d, "environment")));
            }
            return Optional.of(new Replay(diagnostics.stream().sorted().toList(), resources, binaries));
        } catch (RuntimeException e) {
            return Optional.empty(); // a field missing or of another type: not a record this istiodsl wrote
        }
    }

    private static void optional(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String optional(JsonNode node, String field) {
        return node.has(field) ? text(node.get(field)) : null;
    }

    private static String text(JsonNode node) {
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException("not a string: " + node);
        }
        return node.textValue();
    }

    private static int number(JsonNode node) {
        if (node == null || !node.isInt()) {
            throw new IllegalArgumentException("not a number: " + node);
        }
        return node.intValue();
    }

    /**
     * Whether a source shows a secret the expansion holds: its lines are masked with values only a compile knows. The
     * sources are those diagnostics quote: the mesh's files, and the IstioOperator files binding keeps the lines of.
     */
    static boolean sourcesShow(Iterable<String> secretValues, SourceSet sources) {
        for (String secret : secretValues) {
            for (String shown : dev.istiodsl.diag.Redaction.masked(secret)) {
                if (sources.quotes(shown)) {
                    return true;
                }
            }
        }
        return false;
    }
}
