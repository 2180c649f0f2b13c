package dev.istiodsl.testing;

import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Gateway;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.model.Overlay;
import dev.istiodsl.model.OverlayOp;
import dev.istiodsl.model.Revision;

/** The meaning of a bound mesh as text, without source positions: two meshes that mean the same print the same. */
public final class ModelText {

    private ModelText() {
    }

    public static String of(Mesh mesh) {
        StringBuilder out = new StringBuilder("mesh ").append(mesh.name()).append('\n');
        for (Revision r : mesh.revisions().values()) {
            out.append("revision ").append(r.name()).append(" istio=").append(r.istio()).append(" profile=")
                    .append(r.profile()).append(" hub=").append(r.hub().orElse("-")).append(" values=")
                    .append(r.values()).append(" meshConfig=").append(r.meshConfig()).append(" components=")
                    .append(r.components()).append('\n');
            r.sets().forEach(s -> out.append("  set ").append(s.path()).append('=').append(s.value()).append('\n'));
        }
        for (Gateway g : mesh.gateways().values()) {
            out.append("gateway ").append(g.name()).append(' ').append(g.kind()).append(' ').append(g.namespace())
                    .append(' ').append(g.serviceType()).append(" replicas=").append(g.replicas()).append(" k8s=")
                    .append(g.kubernetes()).append('\n');
            g.ports().forEach(p -> out.append("  port ").append(p.name()).append(' ').append(p.port()).append("->")
                    .append(p.targetPort()).append('\n'));
        }
        for (Overlay o : mesh.overlays().values()) {
            out.append("overlay ").append(o.name()).append('\n');
            for (OverlayOp op : o.operations()) {
                out.append("  ").append(describe(op)).append('\n');
            }
        }
        for (Environment e : mesh.environments().values()) {
            out.append("environment ").append(e.name()).append(" kubernetes=").append(e.kubernetes().map(
                    Object::toString).orElse("-")).append(" clusters=").append(e.clusters()).append(" revisions=")
                    .append(e.revisions()).append(" tags=").append(e.tags()).append(" namespaces=")
                    .append(e.namespaces()).append(" overlays=").append(e.overlays()).append(" gateways=")
                    .append(e.gateways()).append(" output=").append(e.output()).append(" namespace=")
                    .append(e.controlPlaneNamespace()).append(" hub=").append(e.hub().orElse("-"))
                    .append(" pullSecrets=").append(e.pullSecrets()).append(" after=")
                    .append(e.promotion().map(p -> p.after() + "/" + p.soak()).orElse("-")).append(" extends=")
                    .append(e.extendsFrom().orElse("-")).append('\n');
        }
        return out.toString();
    }

    private static String describe(OverlayOp op) {
        if (op instanceof OverlayOp.JsonPatch p) {
            return "patch " + selector(p.selector()) + " " + p.operations();
        } else if (op instanceof OverlayOp.MergePatch m) {
            return "merge " + selector(m.selector()) + " " + m.patch();
        } else if (op instanceof OverlayOp.Drop d) {
            return "drop " + selector(d.selector());
        } else if (op instanceof OverlayOp.AddResource r) {
            return "resource " + r.resource();
        }
        OverlayOp.Set s = (OverlayOp.Set) op;
        return "set " + s.override().path() + "=" + s.override().value();
    }

    private static String selector(dev.istiodsl.model.Selector s) {
        return s.kind() + " " + s.nameGlob() + " ns=" + s.namespace().orElse("*") + " rev="
                + s.revision().orElse("*") + " tag=" + s.tag().orElse("*") + " gw=" + s.gateway().orElse("*");
    }
}
