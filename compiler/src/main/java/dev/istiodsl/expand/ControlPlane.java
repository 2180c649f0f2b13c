package dev.istiodsl.expand;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.json.Yaml;
import dev.istiodsl.model.Revision;
import dev.istiodsl.resource.Resource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a revision asks for a control plane, and whether its expansion has one: an expansion without istiod, once
 * committed, makes Flux delete the istiod that runs. What a revision asks for is read from what the compiler gives
 * istioctl or Helm, in istioctl's order (profile, the user's IstioOperator, the generated one; for charts, the istiod
 * release's values); when any of it turns istiod off or moves it to another cluster, no istiod is required.
 */
final class ControlPlane {

    /**
     * Profiles that run istiod in another cluster: pilot off before 1.24, {@code istiodRemote} from 1.24, whatever
     * {@code components.pilot.enabled} says. ({@code empty} turns pilot off too, unless it is turned on again.)
     */
    private static final Set<String> REMOTE = Set.of("remote", "external");

    private ControlPlane() {
    }

    /** The istiod Deployment (revisioned or not; {@code istio-pilot} before 1.5): labelled as pilot or as istiod. */
    static boolean rendered(List<Resource> resources) {
        return resources.stream().anyMatch(r -> r.kind().equals("Deployment")
                && (r.label("istio").equals("pilot") || r.label("app").equals("istiod")));
    }

    /**
     * Why the revision renders no istiod on purpose, or empty when it asks for one.
     *
     * @param profile a profile name, or the path of a profile file
     * @param specs   the {@code spec} of each IstioOperator layered on the profile, lowest first
     */
    static Optional<String> notAskedFor(String profile, List<JsonNode> specs) {
        List<JsonNode> layers = new ArrayList<>();
        if (Revision.isProfileFile(profile)) {
            operatorSpec(Path.of(profile)).ifPresent(layers::add);
        }
        layers.addAll(specs);
        String effectiveProfile = profile;
        Optional<Boolean> pilot = Optional.empty();
        for (JsonNode spec : layers) {
            if (spec.path("profile").isTextual()) {
                effectiveProfile = spec.path("profile").asText();
            }
            JsonNode enabled = spec.path("components").path("pilot").path("enabled");
            if (enabled.isBoolean()) {
                pilot = Optional.of(enabled.booleanValue());
            }
            JsonNode values = spec.path("values");
            if (values.path("istiodRemote").path("enabled").asBoolean(false)) {
                return Optional.of("values.istiodRemote.enabled is true: istiod runs in another cluster");
            }
            if (REMOTE.contains(values.path("profile").asText(""))) {
                return Optional.of("the charts' profile '" + values.path("profile").asText() + "' runs istiod in "
                        + "another cluster");
            }
            if (values.path("global").path("resourceScope").asText("").equals("cluster")) {
                return Optional.of("values.global.resourceScope is cluster: only cluster-wide objects are rendered");
            }
        }
        if (REMOTE.contains(effectiveProfile)) {
            return Optional.of("profile '" + effectiveProfile + "' runs istiod in another cluster");
        }
        if (pilot.isPresent()) {
            return pilot.get() ? Optional.empty() : Optional.of("components.pilot.enabled is false");
        }
        return effectiveProfile.equals("empty") ? Optional.of("profile 'empty' turns every component off")
                : Optional.empty();
    }

    /** The {@code spec} of the IstioOperator in a file, when it can be read; binding reported it otherwise. */
    static Optional<JsonNode> operatorSpec(Path file) {
        try {
            return Yaml.readDocumentsForShape(Files.readString(file, StandardCharsets.UTF_8)).stream()
                    .filter(d -> d.path("kind").asText("").equals("IstioOperator")).findFirst()
                    .map(d -> d.path("spec"));
        } catch (IOException | Yaml.Problem e) {
            return Optional.empty();
        }
    }
}
