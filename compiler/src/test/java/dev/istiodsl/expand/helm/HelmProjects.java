package dev.istiodsl.expand.helm;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.CompileResult;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.compiler.IstioctlOptions;
import dev.istiodsl.diag.Diagnostic;
import dev.istiodsl.expand.IstioctlTool;
import dev.istiodsl.model.IstioVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Projects of the Helm tests: a mesh file, compiled into {@code deploy/istio} with its cache beside the project. */
final class HelmProjects {

    static final String LOCK = "istiodsl.lock";

    private HelmProjects() {
    }

    static Path mesh(Path project, String text) {
        try {
            Files.createDirectories(project);
            Files.writeString(project.resolve("mesh.istiodsl"), text);
            return project;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CompileResult compile(Path project, ChartRenderer renderer) {
        return compiler(renderer).compile(request(project));
    }

    /** A compiler with this Helm engine, and an istioctl that fails the test when asked for anything. */
    static Compiler compiler(ChartRenderer renderer) {
        return new Compiler(request -> NO_ISTIOCTL, renderer);
    }

    /** These meshes expand without istioctl: any call to it is a failure of the test. */
    private static final IstioctlTool NO_ISTIOCTL = new IstioctlTool() {
        @Override
        public String identity(IstioVersion version) {
            throw new AssertionError("a Helm or manifest revision needs no istioctl");
        }

        @Override
        public String location(IstioVersion version) {
            throw new AssertionError("a Helm or manifest revision needs no istioctl");
        }

        @Override
        public String manifestGenerate(IstioVersion version, List<Path> operatorFiles, List<String> setFlags) {
            throw new AssertionError("a Helm or manifest revision needs no istioctl");
        }
    };

    static CompileResult compile(Path project) {
        return compile(project, new HelmJavaRenderer());
    }

    static CompileRequest request(Path project) {
        return new CompileRequest(project, Path.of("mesh.istiodsl"), Path.of("deploy/istio"),
                project.resolveSibling(project.getFileName() + "-cache"), IstioctlOptions.defaults());
    }

    /** The lock file's text. */
    static String lock(Path project) {
        try {
            return Files.readString(project.resolve("deploy/istio").resolve(LOCK));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> errors(CompileResult result) {
        return result.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString).toList();
    }

    /** Every file of the compiled tree but the lock (whose inputs name how each revision was expanded), as text. */
    static SortedMap<String, String> tree(Path project) {
        Path root = project.resolve("deploy/istio");
        SortedMap<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String path = root.relativize(file).toString().replace('\\', '/');
                if (!path.equals(LOCK)) {
                    files.put(path, Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
