package dev.istiodsl.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.json.Json;
import dev.istiodsl.json.LocatedYaml;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.model.OperatorFile;
import dev.istiodsl.model.OverlayOp;
import dev.istiodsl.model.Revision;
import dev.istiodsl.model.SetOverride;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Everything a revision sets in its IstioOperator, as the IstioOperator paths {@code set} writes
 * ({@code values.global.tag}, {@code components.pilot.k8s}, list items as {@code [0]}), each where it is written, in
 * the order istioctl applies them: the revision's {@code operator} file (at the line of each field in that file), then
 * the revision's own blocks ({@code hub}, {@code values}, {@code meshConfig}, {@code component}, at the revision's
 * name), then its {@code set} lines and those of the environment's overlays (each at its line). A later setting of
 * the same path replaces an earlier one. Every map along a path is listed too, before what is inside it.
 */
final class RevisionSettings {

    /** One value a revision sets. */
    record Setting(String path, JsonNode value, SourceLocation at) {
    }

    private RevisionSettings() {
    }

    /** Every setting of {@code revision} in {@code env}, in the order istioctl applies them. */
    static List<Setting> of(Mesh mesh, Environment env, Revision revision) {
        return of(mesh, env, revision, path -> true);
    }

    /**
     * Like {@link #of(Mesh, Environment, Revision)}, without going below a path {@code descend} refuses (such a path is
     * listed, what is inside it is not): a removed block is reported once, at its top.
     */
    static List<Setting> of(Mesh mesh, Environment env, Revision revision, Predicate<String> descend) {
        List<Setting> out = new ArrayList<>();
        revision.operator().ifPresent(file -> fromFile(file, descend, out));
        revision.hub().ifPresent(hub -> out.add(new Setting("hub", Json.NODES.textNode(hub), revision.at())));
        walk("values", revision.values(), revision.at(), descend, out);
        walk("meshConfig", revision.meshConfig(), revision.at(), descend, out);
        revision.components().forEach((name, settings) -> walk("components." + key(name), settings, revision.at(),
                descend, out));
        List<SetOverride> sets = new ArrayList<>(revision.sets());
        env.overlays().forEach(o -> mesh.overlays().get(o).operations().stream()
                .filter(OverlayOp.Set.class::isInstance).map(op -> ((OverlayOp.Set) op).override())
                .forEach(sets::add));
        sets.forEach(set -> walk(set.path().toString(), set.value(), set.at(), descend, out));
        return out;
    }

    /** Of each path, the setting that takes effect: the last one. */
    static Map<String, Setting> effective(List<Setting> settings) {
        Map<String, Setting> out = new LinkedHashMap<>();
        settings.forEach(s -> {
            out.remove(s.path());
            out.put(s.path(), s);
        });
        return out;
    }

    private static void fromFile(OperatorFile file, Predicate<String> descend, List<Setting> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = file.spec().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            fileWalk(file, key(field.getKey()), "/spec/" + LocatedYaml.escape(field.getKey()), field.getValue(),
                    descend, out);
        }
    }

    private static void fileWalk(OperatorFile file, String path, String pointer, JsonNode node,
            Predicate<String> descend, List<Setting> out) {
        out.add(new Setting(path, node, file.keyAt(pointer)));
        if (!descend.test(path)) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> fileWalk(file, path + "." + key(f.getKey()), pointer + "/"
                    + LocatedYaml.escape(f.getKey()), f.getValue(), descend, out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                fileWalk(file, path + ".[" + i + "]", pointer + "/" + i, node.get(i), descend, out);
            }
        }
    }

    private static void walk(String path, JsonNode node, SourceLocation at, Predicate<String> descend,
            List<Setting> out) {
        out.add(new Setting(path, node, at));
        if (!descend.test(path)) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> walk(path + "." + key(f.getKey()), f.getValue(), at, descend, out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(path + ".[" + i + "]", node.get(i), at, descend, out);
            }
        }
    }

    /** A key as a {@code set} path writes it: a dot inside it escaped. */
    private static String key(String name) {
        return name.replace(".", "\\.");
    }
}
