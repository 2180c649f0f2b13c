package dev.istiodsl.expand;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.istiodsl.model.Environment;

import java.util.List;
import java.util.Map;

/**
 * The Helm values that make a revision render the tags pointing at it in an environment: {@code revisionTags}, and
 * {@code defaultRevision} for the {@code default} tag. istioctl and the charts read the same values, so both
 * expanders write them here, one way.
 */
public final class RevisionTags {

    private RevisionTags() {
    }

    /** Adds the values for the tags {@code env} points at {@code revision} to {@code values} (none: nothing). */
    public static void put(ObjectNode values, Environment env, String revision) {
        List<String> tags = env.tags().entrySet().stream().filter(e -> e.getValue().equals(revision))
                .map(Map.Entry::getKey).sorted().toList();
        if (!tags.isEmpty()) {
            ArrayNode revisionTags = values.putArray("revisionTags");
            tags.forEach(revisionTags::add);
        }
        if (tags.contains("default")) {
            values.put("defaultRevision", revision);
        }
    }
}
