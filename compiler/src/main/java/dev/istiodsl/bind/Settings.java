package dev.istiodsl.bind;

import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.Suggestions;
import dev.istiodsl.parse.Ast;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of one block, checked against what that block accepts: unknown names get a suggestion, repeats and
 * stray extra values are reported, and each accepted setting can be read once.
 */
final class Settings {

    private final Map<String, Ast.Setting> byName = new LinkedHashMap<>();

    private Settings() {
    }

    /**
     * @param single settings that take exactly one value
     * @param lists  settings that take one or more comma-separated values
     * @param where  the block, for messages ("revision '1-22-8'")
     */
    static Settings check(List<Ast.Setting> settings, Set<String> single, Set<String> lists, String where,
            Diagnostics diagnostics) {
        Settings checked = new Settings();
        java.util.TreeSet<String> known = new java.util.TreeSet<>(single);
        known.addAll(lists);
        for (Ast.Setting setting : settings) {
            String name = setting.name().text();
            if (!known.contains(name)) {
                diagnostics.error("Bind.UnknownSetting", setting.at(), where + " has no setting '" + name + "'",
                        Suggestions.hint(name, known, "setting"));
                continue;
            }
            Ast.Setting first = checked.byName.putIfAbsent(name, setting);
            if (first != null) {
                diagnostics.error("Bind.DuplicateSetting", setting.at(),
                        "'" + name + "' is set twice in " + where + " (first at line " + first.at().line() + ")",
                        "keep one of them");
                continue;
            }
            if (single.contains(name) && setting.values().size() > 1) {
                diagnostics.error("Bind.TooManyValues", setting.values().get(1).at(),
                        "'" + name + "' takes one value, but " + setting.values().size() + " are given",
                        "keep one value");
            }
        }
        return checked;
    }

    Optional<Ast.Value> value(String name) {
        return Optional.ofNullable(byName.get(name)).filter(s -> !s.values().isEmpty()).map(s -> s.values().get(0));
    }

    List<Ast.Value> values(String name) {
        Ast.Setting setting = byName.get(name);
        return setting == null ? List.of() : setting.values();
    }

    Optional<Ast.Setting> setting(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }
}
