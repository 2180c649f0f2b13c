package dev.istiodsl.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.fail;

/**
 * The real Mermaid parser ({@code mermaid} from npm, its {@code mermaid.parse}) run by {@code node}, headless: Mermaid
 * needs a DOM to load, which {@code jsdom} provides. The packages live outside the repository, in the folder
 * {@code istiodsl.mermaid.dir} names ({@code ../npm-mermaid} beside the project; fill it with
 * {@code npm install mermaid jsdom}). Without node or the packages the tests that need it are skipped, saying which is
 * missing.
 */
public final class Mermaid {

    private static final Pattern BLOCK = Pattern.compile("```mermaid\n(.*?)```", Pattern.DOTALL);
    private static final String SCRIPT = """
            import { JSDOM } from 'jsdom';
            const { window } = new JSDOM('');
            globalThis.window = window;
            globalThis.document = window.document;
            const mermaid = (await import('mermaid')).default;
            let text = '';
            for await (const chunk of process.stdin) text += chunk;
            try {
              const result = await mermaid.parse(text);
              console.log(result.diagramType);
            } catch (e) {
              console.error(String(e.message || e));
              process.exit(1);
            }
            """;

    private Mermaid() {
    }

    /** The first {@code mermaid} block of a Markdown text. */
    public static String block(String markdown) {
        Matcher m = BLOCK.matcher(markdown);
        if (!m.find()) {
            fail("no ```mermaid block in the report");
        }
        return m.group(1);
    }

    /**
     * Parses a diagram with Mermaid and returns the diagram type it read ({@code flowchart-v2}); fails with Mermaid's
     * message when it rejects the diagram, and skips the test when no parser can run here.
     */
    public static String parse(String diagram) {
        assumeAvailable();
        return run(diagram);
    }

    /** Skips the test, saying why, when no Mermaid parser can run here. */
    public static void assumeAvailable() {
        missing().ifPresent(why -> Assumptions.abort("skipped: " + why));
    }

    /**
     * For tests that check more than the diagram: the diagram type when a parser runs here, else empty (and the reason
     * printed), the rest of the test going on.
     */
    public static Optional<String> parseIfAvailable(String diagram) {
        Optional<String> missing = missing();
        missing.ifPresent(why -> System.out.println("Mermaid check left out: " + why));
        return missing.isPresent() ? Optional.empty() : Optional.of(run(diagram));
    }

    private static Path dir() {
        return Path.of(System.getProperty("istiodsl.mermaid.dir", "../../npm-mermaid")).toAbsolutePath().normalize();
    }

    private static Optional<Path> node() {
        return Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator))
                .filter(p -> !p.isEmpty()).map(p -> Path.of(p, "node")).filter(Files::isExecutable).findFirst();
    }

    /** Why no Mermaid parser can run here, if none can. */
    private static Optional<String> missing() {
        if (node().isEmpty()) {
            return Optional.of("no Mermaid parser here: `node` is not on PATH");
        }
        for (String module : new String[] {"mermaid", "jsdom"}) {
            Path folder = dir().resolve("node_modules").resolve(module);
            if (!Files.isDirectory(folder)) {
                return Optional.of("no Mermaid parser here: " + folder + " is absent (run `npm install mermaid jsdom`"
                        + " in " + dir() + ", or point -Distiodsl.mermaid.dir at a folder that has them)");
            }
        }
        return Optional.empty();
    }

    private static String run(String diagram) {
        try {
            Process process = new ProcessBuilder(node().orElseThrow().toString(), "--input-type=module", "-e",
                    SCRIPT).directory(dir().toFile()).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(diagram.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("node took more than 120 s to parse the diagram");
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                fail("Mermaid rejects the diagram:\n" + diagram + "\n" + err);
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
