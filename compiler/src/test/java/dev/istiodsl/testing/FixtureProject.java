package dev.istiodsl.testing;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.partition.Expansion;
import dev.istiodsl.resource.ManifestReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A project in a temporary folder: a mesh text and real manifests copied from ../shared/fixtures at test time
 * (never committed), bound and ready for the stages after {@code bind}.
 */
public final class FixtureProject {

    private final Path dir;

    public FixtureProject(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Copies a fixture file into the project under {@code as}. */
    public FixtureProject withFixture(String fixture, String as) {
        try {
            Path target = dir.resolve(as);
            Files.createDirectories(target.getParent());
            Files.copy(Fixtures.resolve(fixture), target);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Mesh bind(String meshText) {
        try {
            Files.writeString(dir.resolve("mesh.istiodsl"), meshText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompileResult result = new Compiler().bind(CompileRequest.forProject(dir));
        assertThat(result.diagnostics()).as("the test mesh binds cleanly").isEmpty();
        return result.mesh().orElseThrow();
    }

    /** Every revision of the environment read from its {@code manifest} file. */
    public static List<Expansion> expansions(Mesh mesh, Environment env) {
        List<Expansion> expansions = new ArrayList<>();
        for (String name : env.revisions()) {
            var revision = mesh.revisions().get(name);
            try {
                String text = Files.readString(revision.manifest().orElseThrow().file());
                expansions.add(new Expansion(name, revision.istio(), ManifestReader.read(text,
                        "manifest of revision " + name, env.controlPlaneNamespace())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ManifestReader.Problem e) {
                throw new AssertionError(e.getMessage(), e);
            }
        }
        return expansions;
    }
}
