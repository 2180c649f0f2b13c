package dev.istiodsl.emit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The hidden siblings of an output folder, {@code .<out>.istiodsl-staging-<random>} and
 * {@code .<out>.istiodsl-old-<random>}: siblings so that renames stay on one file system, hidden so they stay out of
 * listings, and named after the output so two outputs in one folder never touch each other's.
 */
final class Leftovers {

    static final String STAGING = "staging";
    static final String OLD = "old";

    private Leftovers() {
    }

    /** A new, empty staging folder beside the output, with default permissions (unlike a temporary directory). */
    static Path createStaging(Path output) throws IOException {
        return Files.createDirectory(fresh(output, STAGING));
    }

    /** A name the previous tree can be moved to. */
    static Path fresh(Path output, String role) {
        return output.resolveSibling(prefix(output, role) + UUID.randomUUID().toString().replace("-", ""));
    }

    /**
     * Cleans up after a run that died: staging folders are deleted; an old tree is moved back when the output is
     * missing (the run died between its two renames), and deleted otherwise (it died before deleting it).
     */
    static void recover(Path output) throws IOException, EmitException {
        for (Path staging : find(output, STAGING)) {
            FileTrees.deleteRecursively(staging);
        }
        List<Path> old = find(output, OLD);
        if (!Files.exists(output, LinkOption.NOFOLLOW_LINKS) && !old.isEmpty()) {
            if (old.size() > 1) {
                throw new EmitException("The output folder " + output + " is missing and several earlier trees "
                        + "were left beside it by interrupted compiles: " + old + ". Rename the one to keep to "
                        + output.getFileName() + ", delete the others, and compile again.");
            }
            Files.move(old.get(0), output, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        for (Path tree : old) {
            FileTrees.deleteRecursively(tree);
        }
    }

    /** Whether a run that died left a staging folder or an old tree beside the output, for {@link #recover}. */
    static boolean any(Path output) throws IOException {
        return !find(output, STAGING).isEmpty() || !find(output, OLD).isEmpty();
    }

    private static List<Path> find(Path output, String role) throws IOException {
        Pattern name = Pattern.compile(Pattern.quote(prefix(output, role)) + "[0-9a-f]{32}");
        List<Path> found = new ArrayList<>();
        try (Stream<Path> siblings = Files.list(output.getParent())) {
            siblings.filter(path -> name.matcher(path.getFileName().toString()).matches()).sorted()
                    .forEach(found::add);
        }
        return found;
    }

    private static String prefix(Path output, String role) {
        return "." + output.getFileName() + ".istiodsl-" + role + "-";
    }
}
