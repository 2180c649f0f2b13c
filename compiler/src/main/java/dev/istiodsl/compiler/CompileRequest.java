package dev.istiodsl.compiler;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to compile.
 *
 * @param projectDirectory the project root: every path named in the DSL must resolve inside it
 * @param meshFile         the root .istiodsl file (absolute, or relative to the project directory)
 */
public record CompileRequest(Path projectDirectory, Path meshFile) {

    public CompileRequest {
        Objects.requireNonNull(projectDirectory, "projectDirectory");
        Objects.requireNonNull(meshFile, "meshFile");
        projectDirectory = projectDirectory.toAbsolutePath().normalize();
        meshFile = projectDirectory.resolve(meshFile).normalize();
    }

    /** A request for {@code mesh.istiodsl} in the given project directory. */
    public static CompileRequest forProject(Path projectDirectory) {
        return new CompileRequest(projectDirectory, Path.of("mesh.istiodsl"));
    }
}
