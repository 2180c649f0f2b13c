package dev.istiodsl.parse;

import dev.istiodsl.diag.SourceLocation;

import java.util.List;
import java.util.Optional;

/**
 * The syntax tree of one .istiodsl file: what was written, where, and nothing resolved yet. Immutable; every node
 * carries the location diagnostics point at.
 */
public final class Ast {

    private Ast() {
    }

    /** A name as written, with its place. */
    public record Name(String text, SourceLocation at) {
    }

    /** One parsed file: a mesh root (with its name) or a library (no name). */
    public record File(String displayName, Optional<Name> meshName, List<Member> members) {
        public File {
            members = List.copyOf(members);
        }

        public boolean isLibrary() {
            return meshName.isEmpty();
        }
    }

    /** Anything that may stand in a mesh body or a library. */
    public sealed interface Member permits Import, Revision, Gateway, Overlay, Environment, Tag, Suppress, Setting {
        SourceLocation at();
    }

    /** {@code import std/NAME} or {@code import "relative/path.istiodsl"}. */
    public record Import(SourceLocation at, String target, SourceLocation targetAt, boolean standard)
            implements Member {
    }

    public record Revision(SourceLocation at, Name name, List<Setting> settings, List<Set> sets,
            List<Component> components) implements Member {
        public Revision {
            settings = List.copyOf(settings);
            sets = List.copyOf(sets);
            components = List.copyOf(components);
        }
    }

    /** {@code set PATH = VALUE}: an istioctl --set override. */
    public record Set(SourceLocation at, String path, SourceLocation pathAt, Value value) {
    }

    /** {@code component pilot { ... }}: settings of one IstioOperator component. */
    public record Component(SourceLocation at, Name name, Value.MapValue settings) {
    }

    /** {@code tag NAME -> REVISION}. */
    public record Tag(SourceLocation at, Name name, Name revision) implements Member {
    }

    /**
     * {@code suppress RULE [KIND "glob"] "reason"}: findings of a rule accepted on purpose.
     *
     * @param kind    with {@code pattern}, narrows it to the resources of that kind whose name matches
     */
    public record Suppress(SourceLocation at, Name ruleId, Optional<Name> kind, Optional<String> pattern,
            String reason, SourceLocation reasonAt) implements Member {
    }

    /** {@code NAME VALUE[, VALUE...]}: a setting whose meaning the binder knows per block. */
    public record Setting(Name name, List<Value> values) implements Member {
        public Setting {
            values = List.copyOf(values);
        }

        @Override
        public SourceLocation at() {
            return name.at();
        }
    }

    public record Gateway(SourceLocation at, Name name, List<Setting> settings, List<Port> ports) implements Member {
        public Gateway {
            settings = List.copyOf(settings);
            ports = List.copyOf(ports);
        }
    }

    /** {@code port NAME PORT [-> TARGET]}. */
    public record Port(SourceLocation at, Name name, Value port, Optional<Value> targetPort) {
    }

    public record Overlay(SourceLocation at, Name name, List<OverlayOp> ops) implements Member {
        public Overlay {
            ops = List.copyOf(ops);
        }
    }

    /** What a patch, merge or drop applies to: a Kind, a name glob and optional narrowing clauses. */
    public record Selector(SourceLocation at, Name kind, Name pattern, List<SelectorClause> clauses) {
        public Selector {
            clauses = List.copyOf(clauses);
        }
    }

    /** {@code in NS}, {@code revision R}, {@code tag T}, {@code gateway G}. */
    public record SelectorClause(Kind kind, Name value) {
        public enum Kind { NAMESPACE, REVISION, TAG, GATEWAY }
    }

    /** A file reference written in the DSL, relative to the file that names it. */
    public record FileRef(String path, SourceLocation at) {
    }

    public sealed interface OverlayOp permits Patch, Merge, Drop, AddResource, OverlaySet {
        SourceLocation at();
    }

    /** A JSON Patch: inline ops, or a file holding a JSON Patch array. */
    public record Patch(SourceLocation at, Selector selector, List<PatchOp> ops, Optional<FileRef> file)
            implements OverlayOp {
        public Patch {
            ops = List.copyOf(ops);
        }
    }

    /** One RFC 6902 operation as written: {@code add /path VALUE}, {@code move /to from /from}. */
    public record PatchOp(SourceLocation at, Name op, Name path, Optional<Name> from, Optional<Value> value) {
    }

    /** A JSON merge patch (RFC 7386): inline map, or a file. */
    public record Merge(SourceLocation at, Selector selector, Optional<Value.MapValue> patch, Optional<FileRef> file)
            implements OverlayOp {
    }

    public record Drop(SourceLocation at, Selector selector) implements OverlayOp {
    }

    /** A resource the overlay adds: inline map, or a YAML file. */
    public record AddResource(SourceLocation at, Optional<Value.MapValue> resource, Optional<FileRef> file)
            implements OverlayOp {
    }

    /** {@code set PATH = VALUE} inside an overlay: applied to every revision of the environments using it. */
    public record OverlaySet(Set set) implements OverlayOp {
        @Override
        public SourceLocation at() {
            return set.at();
        }
    }

    public record Environment(SourceLocation at, Name name, Optional<Name> extendsName, Optional<Name> after,
            Optional<Value> soak, List<Setting> settings, List<Tag> tags, List<Binding> namespaces,
            List<SourceLocation> namespaceBlocks, List<Suppress> suppressions, List<Cluster> clusters)
            implements Member {
        public Environment {
            clusters = List.copyOf(clusters);
            settings = List.copyOf(settings);
            tags = List.copyOf(tags);
            suppressions = List.copyOf(suppressions);
            namespaces = List.copyOf(namespaces);
            namespaceBlocks = List.copyOf(namespaceBlocks);
        }
    }

    /** {@code cluster NAME} or {@code cluster NAME { settings and sets }} inside an environment. */
    public record Cluster(SourceLocation at, Name name, List<Setting> settings, List<Set> sets) {
        public Cluster {
            settings = List.copyOf(settings);
            sets = List.copyOf(sets);
        }
    }

    /** {@code NAMESPACE -> TAG|REVISION} inside {@code namespaces { }}. */
    public record Binding(Name namespace, Name target) {
    }

    /** A value as written. The text of numbers, versions and durations is kept exactly, for typed readings. */
    public sealed interface Value {
        SourceLocation at();

        /** What kind of value this is, for messages: "a string", "a map". */
        String describe();

        record StringValue(SourceLocation at, String text) implements Value {
            public String describe() {
                return "the string \"" + text + "\"";
            }
        }

        /** An unquoted word: a string in data, a name where a name is expected. */
        record WordValue(SourceLocation at, String text) implements Value {
            public String describe() {
                return "the word '" + text + "'";
            }
        }

        record NumberValue(SourceLocation at, String text) implements Value {
            public String describe() {
                return "the number " + text;
            }
        }

        record VersionValue(SourceLocation at, String text) implements Value {
            public String describe() {
                return "the version " + text;
            }
        }

        record DurationValue(SourceLocation at, String text) implements Value {
            public String describe() {
                return "the duration " + text;
            }
        }

        record BooleanValue(SourceLocation at, boolean value) implements Value {
            public String describe() {
                return "the boolean " + value;
            }
        }

        record NullValue(SourceLocation at) implements Value {
            public String describe() {
                return "null";
            }
        }

        record ListValue(SourceLocation at, List<Value> items) implements Value {
            public ListValue {
                items = List.copyOf(items);
            }

            public String describe() {
                return "a list";
            }
        }

        record MapValue(SourceLocation at, List<Entry> entries) implements Value {
            public MapValue {
                entries = List.copyOf(entries);
            }

            public String describe() {
                return "a map";
            }
        }

        record Entry(Name key, Value value) {
        }
    }
}
