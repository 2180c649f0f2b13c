package dev.istiodsl.testing;

import org.apache.maven.model.Model;
import org.apache.maven.model.Profile;
import org.apache.maven.model.building.ModelProblemCollector;
import org.apache.maven.model.building.ModelProblemCollectorRequest;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.apache.maven.model.profile.DefaultProfileActivationContext;
import org.apache.maven.model.profile.activation.OperatingSystemProfileActivator;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Prints the ids of the profiles of a pom that Maven's own OS activation turns on, and the artifacts they add, one a
 * line: run in a JVM started with the {@code os.name} and {@code os.arch} of the platform to ask about, since Maven
 * reads them from the JVM.
 */
public final class ActiveProfiles {

    private ActiveProfiles() {
    }

    public static void main(String[] args) throws Exception {
        Model model;
        try (Reader reader = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            model = new MavenXpp3Reader().read(reader);
        }
        DefaultProfileActivationContext context = new DefaultProfileActivationContext();
        Properties system = new Properties();
        system.putAll(System.getProperties());
        context.setSystemProperties(system);
        ModelProblemCollector problems = (ModelProblemCollectorRequest request) -> {
            throw new IllegalStateException(request.getMessage());
        };
        OperatingSystemProfileActivator activator = new OperatingSystemProfileActivator();
        for (Profile profile : model.getProfiles()) {
            if (profile.getActivation() != null && profile.getActivation().getOs() != null
                    && activator.isActive(profile, context, problems)) {
                profile.getDependencies().forEach(d -> System.out.println(profile.getId() + " "
                        + d.getGroupId() + ":" + d.getArtifactId()));
            }
        }
    }
}
