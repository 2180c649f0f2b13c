package dev.istiodsl.partition;

import dev.istiodsl.model.IstioVersion;
import dev.istiodsl.resource.Resource;

import java.util.List;

/** What one revision expanded to in one environment: every resource istioctl (or a manifest file) gave. */
public record Expansion(String revision, IstioVersion version, List<Resource> resources) {

    public Expansion {
        resources = List.copyOf(resources);
    }
}
