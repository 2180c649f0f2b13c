package dev.istiodsl.validate.schema.cel;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.exceptions.CelInvalidArgumentException;
import dev.cel.common.types.CelType;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelFunctionOverload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A small builder of function declarations and their bindings, so a library lists each overload once: its id, its
 * signature and what it does.
 */
final class Functions implements Library {

    private final Map<String, List<CelOverloadDecl>> overloads = new LinkedHashMap<>();
    private final List<CelFunctionBinding> bindings = new ArrayList<>();

    /** {@code name(args...)}. */
    Functions global(String name, String id, CelType result, List<CelType> args, List<Class<?>> classes,
            CelFunctionOverload body) {
        overloads.computeIfAbsent(name, n -> new ArrayList<>()).add(CelOverloadDecl.newGlobalOverload(id, result,
                args));
        bindings.add(CelFunctionBinding.from(id, classes, body));
        return this;
    }

    /** {@code receiver.name(args...)}: the receiver is the first of {@code args}. */
    Functions member(String name, String id, CelType result, List<CelType> args, List<Class<?>> classes,
            CelFunctionOverload body) {
        overloads.computeIfAbsent(name, n -> new ArrayList<>()).add(CelOverloadDecl.newMemberOverload(id, result,
                args));
        bindings.add(CelFunctionBinding.from(id, classes, body));
        return this;
    }

    @Override
    public List<CelFunctionDecl> declarations() {
        List<CelFunctionDecl> out = new ArrayList<>();
        overloads.forEach((name, list) -> out.add(CelFunctionDecl.newFunctionDeclaration(name, list)));
        return out;
    }

    @Override
    public List<CelFunctionBinding> bindings() {
        return List.copyOf(bindings);
    }

    /** The error a function gives for an argument it refuses: the API server refuses the object the same way. */
    static CelInvalidArgumentException invalid(String message) {
        return new CelInvalidArgumentException(message);
    }

    /** What an {@code isX(string)} function answers: whether the parser accepts the text. */
    static boolean parses(String text, Function<String, ?> parser) {
        try {
            parser.apply(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** What an {@code x(string)} conversion returns: the parsed value, or the parser's complaint as its error. */
    static <T> T parsed(String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }
}
