package dev.istiodsl.testing;

import com.marcnuri.helm.Helm;
import dev.istiodsl.util.Sha256;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An emitted tree pinned by two golden files, without copying Istio's output into the project:
 *
 * <ul>
 *   <li>{@code expected.tree}: one line per emitted file, {@code <sha256 of its bytes>  <path>}, sorted by path;</li>
 *   <li>{@code expected.generated}: the full text of what the compiler writes itself ({@code kustomization.yaml}s,
 *   {@code <env>/flux/}, {@code helmfile.yaml} and each chart's {@code Chart.yaml} and template, the Namespaces and
 *   Services it adds to {@code base/}, and {@code istiodsl.lock}), each after an {@code === path} line, in path
 *   order.</li>
 * </ul>
 *
 * <p>The lock records the digest of each istioctl binary; test stand-ins hold paths of the machine, so those digests
 * are masked in both files (the lock's line in {@code expected.tree} is the digest of the masked text).
 */
public final class TreeGolden {

    public static final String LOCK = "istiodsl.lock";
    private static final Pattern ISTIOCTL_INPUT = Pattern.compile("(?m)^(\\s+istioctl/[0-9.]+: )sha256:[0-9a-f]{64}$");
    private static final String MASK = "sha256:<stand-in istioctl: its bytes name paths of the machine>";

    private TreeGolden() {
    }

    /** Every file under {@code root}, by its path relative to it with {@code /} separators. */
    public static SortedMap<String, byte[]> files(Path root) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return files;
    }

    /** Checks the tree against {@code expected.tree} and {@code expected.generated} in {@code goldenDir}. */
    public static void check(SortedMap<String, byte[]> files, Path goldenDir) throws IOException {
        assertThat(files).as("the emitted tree").isNotEmpty().containsKey(LOCK);
        StringBuilder tree = new StringBuilder();
        StringBuilder generated = new StringBuilder();
        files.forEach((path, bytes) -> {
            byte[] masked = masked(path, bytes);
            tree.append(Sha256.hex(masked)).append("  ").append(path).append('\n');
            if (writtenByTheCompiler(path, bytes)) {
                generated.append("=== ").append(path).append('\n').append(new String(masked, StandardCharsets.UTF_8));
            }
        });
        Golden.check(goldenDir.resolve("expected.tree"), tree.toString());
        Golden.check(goldenDir.resolve("expected.generated"), generated.toString());
    }

    /**
     * Every folder with a {@code kustomization.yaml} builds with the real {@code kubectl kustomize}, and builds exactly
     * the resources it holds.
     */
    public static void everyFolderBuilds(Path root, SortedMap<String, byte[]> files) throws Exception {
        List<String> folders = files.keySet().stream().filter(p -> p.endsWith("/kustomization.yaml"))
                .map(p -> p.substring(0, p.length() - "/kustomization.yaml".length())).toList();
        assertThat(folders).as("folders with a kustomization.yaml").isNotEmpty();
        for (String folder : folders) {
            String built = Kubectl.kustomize(root.resolve(folder));
            assertThat(built.lines().filter(line -> line.startsWith("kind: ")).count())
                    .as("resources kubectl kustomize %s built", folder).isEqualTo(resources(folder, files));
        }
    }

    /**
     * How many resources a folder's {@code kustomization.yaml} lists: one per file, and for a folder it names (a
     * cluster's entry point names {@code ../../flux}) what that folder's lists.
     */
    private static long resources(String folder, SortedMap<String, byte[]> files) {
        String kustomization = new String(files.get(folder + "/kustomization.yaml"), StandardCharsets.UTF_8);
        long count = 0;
        for (String line : kustomization.lines().filter(l -> l.startsWith("  - ")).toList()) {
            String entry = line.substring(4).trim();
            if (entry.endsWith(".yaml")) {
                count++;
            } else {
                count += resources(Path.of(folder).resolve(entry).normalize().toString().replace('\\', '/'), files);
            }
        }
        return count;
    }

    /**
     * Every folder with a {@code Chart.yaml} renders with the embedded Helm engine, to exactly as many resources as it
     * holds files besides its chart files.
     */
    public static void everyChartRenders(Path root, SortedMap<String, byte[]> files) {
        List<String> charts = files.keySet().stream().filter(p -> p.endsWith("/Chart.yaml"))
                .map(p -> p.substring(0, p.length() - "/Chart.yaml".length())).toList();
        assertThat(charts).as("folders with a Chart.yaml").isNotEmpty();
        for (String chart : charts) {
            String rendered = new Helm(root.resolve(chart)).template().withName("golden")
                    .withNamespace("istio-system").withKubeVersion("1.29.0").call();
            long resources = files.keySet().stream().filter(p -> p.startsWith(chart + "/")
                    && !p.endsWith("/Chart.yaml") && !p.endsWith("/templates/resources.yaml")).count();
            assertThat(rendered.lines().filter(line -> line.startsWith("kind: ")).count())
                    .as("resources helm rendered from %s", chart).isEqualTo(resources);
        }
    }

    /**
     * Istio's output is pinned by digest only; what the compiler writes (layout files, and the objects it adds to
     * {@code base/}, labelled as its own) is pinned as text.
     */
    private static boolean writtenByTheCompiler(String path, byte[] bytes) {
        if (path.equals(LOCK) || path.endsWith("/kustomization.yaml") || path.split("/")[1].equals("flux")
                || path.endsWith("/helmfile.yaml") || path.endsWith("/Chart.yaml")
                || path.endsWith("/templates/resources.yaml")) {
            return true;
        }
        return path.split("/")[1].equals("base") && (path.contains("/namespace/") || path.contains("/service/"))
                && new String(bytes, StandardCharsets.UTF_8).contains("app.kubernetes.io/managed-by: istiodsl");
    }

    private static byte[] masked(String path, byte[] bytes) {
        if (!path.equals(LOCK)) {
            return bytes;
        }
        return ISTIOCTL_INPUT.matcher(new String(bytes, StandardCharsets.UTF_8)).replaceAll("$1" + MASK)
                .getBytes(StandardCharsets.UTF_8);
    }
}
