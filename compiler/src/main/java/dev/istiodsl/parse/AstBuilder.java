package dev.istiodsl.parse;

import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.grammar.IstioDslParser;
import dev.istiodsl.grammar.IstioDslParser.*;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns ANTLR's parse tree into the {@link Ast}. After a syntax error the tree may lack pieces; a node missing a
 * required piece is left out (the error is already reported) rather than built half-empty.
 */
final class AstBuilder {

    private final String file;

    AstBuilder(String file) {
        this.file = file;
    }

    Ast.File file(FileContext ctx) {
        if (ctx instanceof MeshFileContext mesh && mesh.meshDecl() != null) {
            MeshDeclContext decl = mesh.meshDecl();
            List<Ast.Member> members = decl.meshMember().stream().map(this::meshMember).filter(Objects::nonNull)
                    .toList();
            return new Ast.File(file, Optional.ofNullable(name(decl.name())), members);
        }
        if (ctx instanceof LibraryFileContext library) {
            List<Ast.Member> members = library.libraryMember().stream().map(this::libraryMember)
                    .filter(Objects::nonNull).toList();
            return new Ast.File(file, Optional.empty(), members);
        }
        return new Ast.File(file, Optional.empty(), List.of());
    }

    private Ast.Member meshMember(MeshMemberContext ctx) {
        if (ctx.importDecl() != null) {
            return importDecl(ctx.importDecl());
        } else if (ctx.revisionDecl() != null) {
            return revision(ctx.revisionDecl());
        } else if (ctx.gatewayDecl() != null) {
            return gateway(ctx.gatewayDecl());
        } else if (ctx.overlayDecl() != null) {
            return overlay(ctx.overlayDecl());
        } else if (ctx.environmentDecl() != null) {
            return environment(ctx.environmentDecl());
        } else if (ctx.tagDecl() != null) {
            return tag(ctx.tagDecl());
        } else if (ctx.suppressDecl() != null) {
            return suppress(ctx.suppressDecl());
        }
        return setting(ctx.setting());
    }

    private Ast.Member libraryMember(LibraryMemberContext ctx) {
        if (ctx.importDecl() != null) {
            return importDecl(ctx.importDecl());
        } else if (ctx.revisionDecl() != null) {
            return revision(ctx.revisionDecl());
        } else if (ctx.gatewayDecl() != null) {
            return gateway(ctx.gatewayDecl());
        }
        return overlay(ctx.overlayDecl());
    }

    private Ast.Import importDecl(ImportDeclContext ctx) {
        if (ctx instanceof FileImportContext fileImport && fileImport.STRING() != null) {
            Token t = fileImport.STRING().getSymbol();
            return new Ast.Import(at(ctx), unquote(t.getText()), at(t), false);
        }
        if (ctx instanceof StdImportContext std && std.WORD() != null) {
            Token t = std.WORD().getSymbol();
            return new Ast.Import(at(ctx), t.getText(), at(t), true);
        }
        return null;
    }

    private Ast.Revision revision(RevisionDeclContext ctx) {
        Ast.Name name = name(ctx.name());
        if (name == null) {
            return null;
        }
        List<Ast.Setting> settings = new ArrayList<>();
        List<Ast.Set> sets = new ArrayList<>();
        List<Ast.Component> components = new ArrayList<>();
        for (RevisionMemberContext member : ctx.revisionMember()) {
            if (member.setDecl() != null) {
                add(sets, set(member.setDecl()));
            } else if (member.componentDecl() != null) {
                add(components, component(member.componentDecl()));
            } else {
                add(settings, setting(member.setting()));
            }
        }
        return new Ast.Revision(at(ctx), name, settings, sets, components);
    }

    private Ast.Set set(SetDeclContext ctx) {
        Ast.Value value = value(ctx.value());
        if (ctx.setPath() == null || value == null) {
            return null;
        }
        Token path = ctx.setPath().getStart();
        String text = path.getType() == IstioDslParser.STRING ? unquote(path.getText()) : path.getText();
        return new Ast.Set(at(ctx), text, at(path), value);
    }

    private Ast.Component component(ComponentDeclContext ctx) {
        Ast.Name name = name(ctx.name());
        Ast.Value.MapValue map = map(ctx.map());
        return name == null || map == null ? null : new Ast.Component(at(ctx), name, map);
    }

    private Ast.Tag tag(TagDeclContext ctx) {
        if (ctx.name().size() < 2) {
            return null;
        }
        Ast.Name tag = name(ctx.name(0));
        Ast.Name revision = name(ctx.name(1));
        return tag == null || revision == null ? null : new Ast.Tag(at(ctx), tag, revision);
    }

    private Ast.Suppress suppress(SuppressDeclContext ctx) {
        if (ctx.ruleId == null || ctx.reason == null || ctx.reason.getTokenIndex() < 0
                || ctx.ruleId.getTokenIndex() < 0) {
            return null;
        }
        Optional<Ast.Name> kind = Optional.ofNullable(ctx.kind).filter(t -> t.getTokenIndex() >= 0)
                .map(t -> new Ast.Name(t.getText(), at(t)));
        Optional<String> pattern = Optional.ofNullable(ctx.pattern).filter(t -> t.getTokenIndex() >= 0)
                .map(t -> unquote(t.getText()));
        return new Ast.Suppress(at(ctx), new Ast.Name(ctx.ruleId.getText(), at(ctx.ruleId)), kind, pattern,
                unquote(ctx.reason.getText()), at(ctx.reason));
    }

    private Ast.Gateway gateway(GatewayDeclContext ctx) {
        Ast.Name name = name(ctx.name());
        if (name == null) {
            return null;
        }
        List<Ast.Setting> settings = new ArrayList<>();
        List<Ast.Port> ports = new ArrayList<>();
        for (GatewayMemberContext member : ctx.gatewayMember()) {
            if (member.portDecl() != null) {
                add(ports, port(member.portDecl()));
            } else {
                add(settings, setting(member.setting()));
            }
        }
        return new Ast.Gateway(at(ctx), name, settings, ports);
    }

    private Ast.Port port(PortDeclContext ctx) {
        Ast.Name name = name(ctx.name());
        if (name == null || ctx.NUMBER().isEmpty()) {
            return null;
        }
        Token port = ctx.NUMBER(0).getSymbol();
        Optional<Ast.Value> target = ctx.NUMBER().size() > 1
                ? Optional.of(new Ast.Value.NumberValue(at(ctx.NUMBER(1).getSymbol()), ctx.NUMBER(1).getText()))
                : Optional.empty();
        return new Ast.Port(at(ctx), name, new Ast.Value.NumberValue(at(port), port.getText()), target);
    }

    private Ast.Overlay overlay(OverlayDeclContext ctx) {
        Ast.Name name = name(ctx.name());
        if (name == null) {
            return null;
        }
        List<Ast.OverlayOp> ops = ctx.overlayMember().stream().map(this::overlayOp).filter(Objects::nonNull)
                .toList();
        return new Ast.Overlay(at(ctx), name, ops);
    }

    private Ast.OverlayOp overlayOp(OverlayMemberContext ctx) {
        if (ctx instanceof OverlaySetContext set) {
            Ast.Set s = set(set.setDecl());
            return s == null ? null : new Ast.OverlaySet(s);
        }
        if (ctx instanceof InlineResourceContext inline) {
            Ast.Value.MapValue map = map(inline.map());
            return map == null ? null : new Ast.AddResource(at(ctx), Optional.of(map), Optional.empty());
        }
        if (ctx instanceof FileResourceContext fromFile) {
            Ast.FileRef file = fileRef(fromFile.STRING());
            return file == null ? null : new Ast.AddResource(at(ctx), Optional.empty(), Optional.of(file));
        }
        if (ctx instanceof InlinePatchContext inline) {
            Ast.Selector selector = selector(inline.selector());
            if (selector == null) {
                return null;
            }
            List<Ast.PatchOp> ops = inline.patchOp().stream().map(this::patchOp).filter(Objects::nonNull).toList();
            return new Ast.Patch(at(ctx), selector, ops, Optional.empty());
        }
        if (ctx instanceof FilePatchContext fromFile) {
            Ast.Selector selector = selector(fromFile.selector());
            Ast.FileRef file = fileRef(fromFile.STRING());
            return selector == null || file == null ? null
                    : new Ast.Patch(at(ctx), selector, List.of(), Optional.of(file));
        }
        if (ctx instanceof InlineMergeContext inline) {
            Ast.Selector selector = selector(inline.selector());
            Ast.Value.MapValue map = map(inline.map());
            return selector == null || map == null ? null
                    : new Ast.Merge(at(ctx), selector, Optional.of(map), Optional.empty());
        }
        if (ctx instanceof FileMergeContext fromFile) {
            Ast.Selector selector = selector(fromFile.selector());
            Ast.FileRef file = fileRef(fromFile.STRING());
            return selector == null || file == null ? null
                    : new Ast.Merge(at(ctx), selector, Optional.empty(), Optional.of(file));
        }
        if (ctx instanceof DropContext drop) {
            Ast.Selector selector = selector(drop.selector());
            return selector == null ? null : new Ast.Drop(at(ctx), selector);
        }
        return null;
    }

    private Ast.Selector selector(SelectorContext ctx) {
        if (ctx == null || ctx.kind == null || ctx.pattern == null || ctx.kind.getTokenIndex() < 0
                || ctx.pattern.getTokenIndex() < 0) {
            return null;
        }
        List<Ast.SelectorClause> clauses = new ArrayList<>();
        for (SelectorClauseContext clause : ctx.selectorClause()) {
            Ast.SelectorClause.Kind kind;
            NameContext value;
            if (clause instanceof InNamespaceContext c) {
                kind = Ast.SelectorClause.Kind.NAMESPACE;
                value = c.name();
            } else if (clause instanceof InRevisionContext c) {
                kind = Ast.SelectorClause.Kind.REVISION;
                value = c.name();
            } else if (clause instanceof InTagContext c) {
                kind = Ast.SelectorClause.Kind.TAG;
                value = c.name();
            } else {
                kind = Ast.SelectorClause.Kind.GATEWAY;
                value = ((InGatewayContext) clause).name();
            }
            Ast.Name name = name(value);
            if (name != null) {
                clauses.add(new Ast.SelectorClause(kind, name));
            }
        }
        Ast.Name kind = new Ast.Name(ctx.kind.getText(), at(ctx.kind));
        Ast.Name pattern = new Ast.Name(unquote(ctx.pattern.getText()), at(ctx.pattern));
        return new Ast.Selector(at(ctx), kind, pattern, clauses);
    }

    private Ast.PatchOp patchOp(PatchOpContext ctx) {
        if (ctx.op == null || ctx.pointer().isEmpty()) {
            return null;
        }
        Ast.Name op = new Ast.Name(ctx.op.getText(), at(ctx.op));
        Ast.Name path = pointer(ctx.pointer(0));
        Optional<Ast.Name> from = ctx.from == null ? Optional.empty() : Optional.of(pointer(ctx.from));
        Optional<Ast.Value> value = Optional.ofNullable(ctx.value()).map(this::value);
        return new Ast.PatchOp(at(ctx), op, path, from, value);
    }

    private Ast.Name pointer(PointerContext ctx) {
        Token t = ctx.getStart();
        String text = t.getType() == IstioDslParser.STRING ? unquote(t.getText()) : t.getText();
        return new Ast.Name(text, at(t));
    }

    private Ast.Environment environment(EnvironmentDeclContext ctx) {
        Ast.Name name = name(ctx.name());
        if (name == null) {
            return null;
        }
        Ast.Name extendsName = null;
        Ast.Name after = null;
        Ast.Value soak = null;
        for (EnvironmentClauseContext clause : ctx.environmentClause()) {
            if (clause instanceof ExtendsClauseContext e && extendsName == null) {
                extendsName = name(e.name());
            } else if (clause instanceof AfterClauseContext a && after == null) {
                after = name(a.name());
                soak = value(a.soak);
            }
        }
        List<Ast.Setting> settings = new ArrayList<>();
        List<Ast.Tag> tags = new ArrayList<>();
        List<Ast.Binding> bindings = new ArrayList<>();
        List<SourceLocation> namespaceBlocks = new ArrayList<>();
        List<Ast.Suppress> suppressions = new ArrayList<>();
        List<Ast.Cluster> clusters = new ArrayList<>();
        for (EnvironmentMemberContext member : ctx.environmentMember()) {
            if (member.clusterDecl() != null) {
                add(clusters, cluster(member.clusterDecl()));
            } else if (member.tagDecl() != null) {
                add(tags, tag(member.tagDecl()));
            } else if (member.suppressDecl() != null) {
                add(suppressions, suppress(member.suppressDecl()));
            } else if (member.namespacesDecl() != null) {
                namespaceBlocks.add(at(member.namespacesDecl()));
                for (BindingContext binding : member.namespacesDecl().binding()) {
                    if (binding.name().size() == 2) {
                        Ast.Name ns = name(binding.name(0));
                        Ast.Name target = name(binding.name(1));
                        if (ns != null && target != null) {
                            bindings.add(new Ast.Binding(ns, target));
                        }
                    }
                }
            } else {
                add(settings, setting(member.setting()));
            }
        }
        return new Ast.Environment(at(ctx), name, Optional.ofNullable(extendsName), Optional.ofNullable(after),
                Optional.ofNullable(soak), settings, tags, bindings, namespaceBlocks, suppressions, clusters);
    }

    private Ast.Cluster cluster(ClusterDeclContext ctx) {
        Ast.Name name = name(ctx.name());
        if (name == null) {
            return null;
        }
        List<Ast.Setting> settings = new ArrayList<>();
        List<Ast.Set> sets = new ArrayList<>();
        for (ClusterMemberContext member : ctx.clusterMember()) {
            if (member.setDecl() != null) {
                add(sets, set(member.setDecl()));
            } else {
                add(settings, setting(member.setting()));
            }
        }
        return new Ast.Cluster(at(ctx), name, settings, sets);
    }

    private Ast.Setting setting(SettingContext ctx) {
        if (ctx == null || ctx.settingName == null || ctx.settingName.getTokenIndex() < 0) {
            return null;
        }
        List<Ast.Value> values = ctx.value().stream().map(this::value).filter(Objects::nonNull).toList();
        return new Ast.Setting(new Ast.Name(ctx.settingName.getText(), at(ctx.settingName)), values);
    }

    private Ast.Value value(ValueContext ctx) {
        if (ctx == null || ctx.exception != null || ctx.getStart() == null || ctx.getStart().getTokenIndex() < 0) {
            return null;
        }
        SourceLocation at = at(ctx.getStart());
        String text = ctx.getStart().getText();
        if (ctx instanceof StringValueContext) {
            return new Ast.Value.StringValue(at, unquote(text));
        } else if (ctx instanceof NumberValueContext) {
            return new Ast.Value.NumberValue(at, text);
        } else if (ctx instanceof VersionValueContext) {
            return new Ast.Value.VersionValue(at, text);
        } else if (ctx instanceof DurationValueContext) {
            return new Ast.Value.DurationValue(at, text);
        } else if (ctx instanceof BooleanValueContext) {
            return new Ast.Value.BooleanValue(at, text.equals("true"));
        } else if (ctx instanceof NullValueContext) {
            return new Ast.Value.NullValue(at);
        } else if (ctx instanceof PathValueContext) {
            return new Ast.Value.StringValue(at, text);
        } else if (ctx instanceof WordValueContext) {
            return new Ast.Value.WordValue(at, text);
        } else if (ctx instanceof ListValueContext list) {
            List<Ast.Value> items = list.list().value().stream().map(this::value).filter(Objects::nonNull).toList();
            return new Ast.Value.ListValue(at, items);
        } else if (ctx instanceof MapValueContext map) {
            return map(map.map());
        }
        return null;
    }

    private Ast.Value.MapValue map(MapContext ctx) {
        if (ctx == null || ctx.getStart() == null) {
            return null;
        }
        List<Ast.Value.Entry> entries = new ArrayList<>();
        for (EntryContext entry : ctx.entry()) {
            Ast.Value value = value(entry.value());
            if (entry.key() == null || value == null) {
                continue;
            }
            Token key = entry.key().getStart();
            String text = key.getType() == IstioDslParser.STRING ? unquote(key.getText()) : key.getText();
            entries.add(new Ast.Value.Entry(new Ast.Name(text, at(key)), value));
        }
        return new Ast.Value.MapValue(at(ctx.getStart()), entries);
    }

    private Ast.FileRef fileRef(TerminalNode string) {
        if (string == null || string.getSymbol().getTokenIndex() < 0) {
            return null;
        }
        return new Ast.FileRef(unquote(string.getText()), at(string.getSymbol()));
    }

    private Ast.Name name(NameContext ctx) {
        if (ctx == null || ctx.getStart() == null || ctx.getStart().getTokenIndex() < 0 || ctx.exception != null) {
            return null;
        }
        return new Ast.Name(ctx.getStart().getText(), at(ctx.getStart()));
    }

    private SourceLocation at(ParserRuleContext ctx) {
        return at(ctx.getStart());
    }

    private SourceLocation at(Token token) {
        int length = token.getType() == Token.EOF ? 1 : token.getText().length();
        return new SourceLocation(file, Math.max(1, token.getLine()), token.getCharPositionInLine() + 1, length);
    }

    private static <T> void add(List<T> list, T item) {
        if (item != null) {
            list.add(item);
        }
    }

    /** The text of a string literal without its quotes, with JSON escapes resolved. */
    static String unquote(String literal) {
        boolean closed = literal.length() >= 2 && literal.endsWith("\"");
        String body = literal.substring(1, closed ? literal.length() - 1 : literal.length());
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                out.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }
}
