package dev.istiodsl.transform;

import dev.istiodsl.model.Selector;
import dev.istiodsl.partition.Part;
import dev.istiodsl.partition.Placed;
import dev.istiodsl.resource.ResourceId;
import dev.istiodsl.util.Globs;


/** Whether a selector picks a placed resource: kind (optionally {@code Kind.group}), name glob, namespace, part. */
final class Selectors {

    private Selectors() {
    }

    static boolean matches(Selector selector, Placed placed) {
        ResourceId id = placed.resource().id();
        String kind = selector.kind();
        int dot = kind.indexOf('.');
        if (dot < 0 ? !kind.equals(id.kind())
                : !kind.substring(0, dot).equals(id.kind()) || !kind.substring(dot + 1).equals(id.group())) {
            return false;
        }
        String glob = selector.nameGlob();
        if (!Globs.matches(glob, placed.stableName()) && !Globs.matches(glob, id.name())) {
            return false;
        }
        Part part = placed.part();
        return selector.namespace().map(ns -> ns.equals(id.namespace())).orElse(true)
                && selector.revision().map(rev -> part.owningRevision().filter(rev::equals).isPresent()).orElse(true)
                && selector.tag().map(tag -> part.kind() == Part.Kind.TAG && part.name().equals(tag)).orElse(true)
                && selector.gateway().map(g -> placed.gateway().filter(g::equals).isPresent()).orElse(true);
    }
}
