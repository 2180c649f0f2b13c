package dev.istiodsl.validate.schema;

import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.testing.RealRenders;
import dev.istiodsl.validate.Finding;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real render in the fixtures ({@code istio-manifests/*}, {@code istio-helm-rendered/*}), found by listing the
 * folders, against the CRDs it ships itself: istioctl and Helm never render a custom resource their own CRDs refuse,
 * so every finding here would be a false positive (renders without CRDs, the revision-only ones, have nothing to be
 * judged against).
 */
class SchemaValidatorRealRendersTest {

    @Test
    void everyRealRender_fitsTheCrdsItShips() throws Exception {
        Map<String, List<String>> found = new TreeMap<>();
        int renders = 0;
        int checked = 0;
        for (RealRenders.Render render : RealRenders.all()) {
            List<Resource> resources = ManifestReader.read(render.text(), render.name(), "istio-system");
            List<Resource> crds = resources.stream().filter(r -> r.kind().equals("CustomResourceDefinition")).toList();
            if (crds.isEmpty()) {
                continue;
            }
            renders++;
            CrdSchemas schemas = CrdSchemas.of(crds);
            SchemaValidator validator = new SchemaValidator(schemas);
            for (Resource resource : resources) {
                if (!schemas.knowsKind(resource.id().group(), resource.kind())) {
                    continue;
                }
                checked++;
                List<String> lines = new ArrayList<>();
                for (Finding finding : validator.validate(resource)) {
                    lines.add(SchemaValidatorFixturesTest.render(finding));
                }
                if (!lines.isEmpty()) {
                    found.put(render.name() + " " + resource.id(), lines);
                }
            }
        }

        assertThat(found).isEmpty();
        assertThat(renders).isGreaterThanOrEqualTo(30);
        assertThat(checked).isGreaterThan(150);
    }
}
