package dev.istiodsl.expand.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import com.marcnuri.helm.jni.Result;
import com.marcnuri.helm.jni.TemplateOptions;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Renders with helm-java: Helm's own Go library loaded into the JVM, so no helm binary has to be installed or found.
 * The first render of a JVM loads the native library (under a second); later ones take milliseconds.
 */
public final class HelmJavaRenderer implements ChartRenderer {

    /** Helm's advice for its command line, which means nothing here. */
    private static final String DEBUG_ADVICE = "Use --debug flag to render out invalid YAML";

    private static final String ENGINE = "helm-java " + jarVersion();

    @Override
    public String engine() {
        return ENGINE;
    }

    /** The helm-java release on the classpath, from its jar's Maven metadata: a new engine is a new cache key. */
    private static String jarVersion() {
        try (InputStream in = Helm.class.getResourceAsStream(
                "/META-INF/maven/com.marcnuri.helm-java/helm-java/pom.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read helm-java's version", e);
        }
    }

    @Override
    public String template(ChartRelease release, Path valuesFile) throws RenderFailure {
        try {
            Utf8Strings.declared();
            TemplateCommand command = new Helm(release.location()).template().withName(release.name())
                    .withNamespace(release.namespace()).withValuesFile(valuesFile);
            if (release.kubeVersion().isPresent()) {
                command = command.withKubeVersion(release.kubeVersion().get());
            }
            return command.call();
        } catch (IllegalStateException e) {
            // Helm reports every template, values and chart problem this way, its message being Helm's text.
            throw new RenderFailure(oneLine(String.valueOf(e.getMessage())));
        } catch (LinkageError e) {
            // helm-java is Helm's Go library behind JNA: without the native library of this machine it cannot load.
            throw new RenderFailure("the embedded Helm engine cannot load on this machine (" + platform() + "): "
                    + e + "; istiodsl takes helm-java's native library for Linux and macOS on amd64 and arm64 and "
                    + "for Windows on amd64, the one of the machine the build runs on: expand this revision with "
                    + "istioctl here, or add com.marcnuri.helm-java:<os>-<arch>:" + jarVersion() + " to the "
                    + "plugin's <dependencies> if helm-java publishes one for it");
        }
    }

    /**
     * helm-java passes every string to Helm's Go library and back (chart path, values file, the render, Helm's
     * errors) as fields of JNA structures, which JNA encodes with {@code jna.encoding}, else the platform's native
     * encoding: US-ASCII under {@code LC_ALL=C} on Java 17, where every other character of a render (the en dash of
     * Istio's injector template) comes back as U+FFFD, whatever {@code file.encoding} says. Go speaks UTF-8 in any
     * locale, so these structures are declared UTF-8, once per JVM and without asking for any JVM flag. JNA takes a
     * class's string encoding from the library options it was registered with; the structures declare no native
     * method, so registering binds nothing else.
     */
    private static final class Utf8Strings {

        static {
            NativeLibrary process = NativeLibrary.getProcess(Map.of(Library.OPTION_STRING_ENCODING,
                    StandardCharsets.UTF_8.name()));
            Native.register(TemplateOptions.class, process);
            Native.register(Result.class, process);
        }

        private Utf8Strings() {
        }

        /** Loads the class, which declares the encoding once. */
        static void declared() {
        }
    }

    private static String platform() {
        return System.getProperty("os.name", "?") + " " + System.getProperty("os.arch", "?");
    }

    static String oneLine(String helmMessage) {
        return helmMessage.replace(DEBUG_ADVICE, "").strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
