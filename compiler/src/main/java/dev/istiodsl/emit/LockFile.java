package dev.istiodsl.emit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.json.Json;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.util.Utf8ByteOrder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code istiodsl.lock}, at the root of the emitted tree: per environment (the first folder of a path), what it was
 * compiled from and the SHA-256 of each of its files. It is how the emitter knows which files it owns (every file
 * with a digest) and how {@code verify} tells a stale tree. Written last into the staging folder, so it is swapped in
 * with the files it describes. Its text is {@link CanonicalYaml} under one comment line, so it reads back to the
 * same model and diffs line by line.
 *
 * @param environments by name; file paths are relative to the environment's folder
 */
public record LockFile(SortedMap<String, Environment> environments) {

    public static final String FILE_NAME = "istiodsl.lock";
    static final String API_VERSION = "istiodsl.dev/v1alpha1";
    static final String KIND = "Lock";
    private static final String HEADER = "# Written by istiodsl on every compile, read by the next. Do not edit.\n";
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    public LockFile {
        environments = sorted(environments);
    }

    /**
     * @param inputs what the environment was compiled from, by name: {@code istio/1-22-8: 1.22.8},
     *               {@code istioctl/1.22.8: sha256:...}, {@code dsl: sha256:...}
     * @param files  the digest ({@code sha256:<hex>}) of each file, by its path inside the environment's folder
     */
    public record Environment(SortedMap<String, String> inputs, SortedMap<String, String> files) {
        public Environment {
            inputs = sorted(inputs);
            files = sorted(files);
        }
    }

    /** What each environment was compiled from, as the compiler façade knows it. */
    public record Inputs(SortedMap<String, SortedMap<String, String>> byEnvironment) {

        public Inputs {
            SortedMap<String, SortedMap<String, String>> copy = new TreeMap<>(Utf8ByteOrder.ORDER);
            byEnvironment.forEach((environment, values) -> copy.put(environment, sorted(values)));
            byEnvironment = Collections.unmodifiableSortedMap(copy);
        }

        /** Every environment's inputs at once: {@link #with} copies them all on each call. */
        public static Inputs of(Map<String, ? extends Map<String, String>> byEnvironment) {
            SortedMap<String, SortedMap<String, String>> copy = new TreeMap<>(Utf8ByteOrder.ORDER);
            byEnvironment.forEach((environment, values) -> {
                RelativePaths.checkName("environment", environment);
                copy.put(environment, new TreeMap<>(values));
            });
            return new Inputs(copy);
        }

        public static Inputs none() {
            return new Inputs(new TreeMap<>());
        }

        /** One more input; an environment cannot have two values for one name. */
        public Inputs with(String environment, String name, String value) {
            RelativePaths.checkName("environment", environment);
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (byEnvironment.getOrDefault(environment, Collections.emptySortedMap()).containsKey(name)) {
                throw new IllegalStateException("environment " + environment + " has the input " + name + " twice");
            }
            SortedMap<String, SortedMap<String, String>> copy = new TreeMap<>(byEnvironment);
            SortedMap<String, String> values = new TreeMap<>(copy.getOrDefault(environment, new TreeMap<>()));
            values.put(name, value);
            copy.put(environment, values);
            return new Inputs(copy);
        }
    }

    /** The lock of a tree: its digests grouped by environment, beside the given inputs. */
    public static LockFile of(Tree tree, Inputs inputs) {
        Digests digests = new Digests();
        digests.add(tree);
        return digests.lock(inputs);
    }

    /** Every file the lock names, relative to the tree's root. */
    public SortedSet<String> ownedFiles() {
        SortedSet<String> owned = new TreeSet<>(Utf8ByteOrder.ORDER);
        environments.forEach((name, environment) -> environment.files().keySet()
                .forEach(path -> owned.add(name + "/" + path)));
        return Collections.unmodifiableSortedSet(owned);
    }

    public String text() {
        ObjectNode root = Json.MAPPER.createObjectNode().put("apiVersion", API_VERSION).put("kind", KIND);
        ObjectNode byName = root.putObject("environments");
        environments.forEach((name, environment) -> {
            ObjectNode node = byName.putObject(name);
            environment.inputs().forEach(node.putObject("inputs")::put);
            ObjectNode files = node.putObject("files");
            environment.files().forEach(files::put);
        });
        return HEADER + CanonicalYaml.write(root);
    }

    public byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws EmitException when the file is not a lock file this version wrote (edited, or left in a merge) */
    public static LockFile read(Path file) throws IOException, EmitException {
        return read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * A lock file's text, from wherever it was read ({@code where} names it in the message: a path, a git ref).
     *
     * @throws EmitException when it is not a lock file istiodsl wrote
     */
    public static LockFile read(String text, String where) throws EmitException {
        String problem;
        try {
            return parse(text);
        } catch (Yaml.Problem e) {
            problem = e.describe();
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        throw new EmitException("The lock file " + where + " cannot be read: " + problem + ". istiodsl "
                + "writes it and relies on it to know which files it owns; restore it from version control "
                + "(git checkout -- " + FILE_NAME + ") and compile again.");
    }

    static LockFile parse(String text) throws Yaml.Problem {
        List<JsonNode> documents = Yaml.readDocuments(text);
        JsonNode root = documents.size() == 1 ? documents.get(0) : null;
        if (root == null || !root.path("apiVersion").asText().equals(API_VERSION)
                || !root.path("kind").asText().equals(KIND) || root.size() != 3
                || !root.path("environments").isObject()) {
            throw new IllegalArgumentException("it is not one " + API_VERSION + " " + KIND + " document");
        }
        SortedMap<String, Environment> environments = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : root.path("environments").properties()) {
            String name = RelativePaths.checkName("environment", entry.getKey());
            JsonNode node = entry.getValue();
            if (!node.isObject() || node.size() != 2) {
                throw new IllegalArgumentException("environment " + name + " must hold inputs and files");
            }
            SortedMap<String, String> files = strings(node.path("files"), name + ".files");
            files.forEach((path, digest) -> {
                RelativePaths.check("path", path);
                if (!DIGEST.matcher(digest).matches()) {
                    throw new IllegalArgumentException("the digest of " + name + "/" + path + " is not sha256:<hex>");
                }
            });
            environments.put(name, new Environment(strings(node.path("inputs"), name + ".inputs"), files));
        }
        return new LockFile(environments);
    }

    private static SortedMap<String, String> strings(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " is not a map");
        }
        SortedMap<String, String> values = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new IllegalArgumentException(where + "." + entry.getKey() + " is not a string");
            }
            values.put(entry.getKey(), entry.getValue().textValue());
        }
        return values;
    }

    /** {@code sha256:<lower-case hex>}. */
    public static String sha256(byte[] content) {
        return "sha256:" + dev.istiodsl.util.Sha256.hex(content);
    }

    private static <V> SortedMap<String, V> sorted(Map<String, V> map) {
        SortedMap<String, V> copy = new TreeMap<>(Utf8ByteOrder.ORDER);
        copy.putAll(map);
        return Collections.unmodifiableSortedMap(copy);
    }
}
