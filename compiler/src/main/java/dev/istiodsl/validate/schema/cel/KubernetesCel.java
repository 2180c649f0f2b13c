package dev.istiodsl.validate.schema.cel;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The CEL environment in which the API server checks and runs a CRD's {@code x-kubernetes-validations}: the standard
 * macros and functions, cross-type numeric comparisons, optional types, the strings (with {@code format}), sets,
 * lists, two-variable comprehension and bindings extensions, and the Kubernetes libraries (URLs, regex, lists,
 * quantities, IP and CIDR, formats, semver). {@code self} (and {@code oldSelf}, so that transition rules compile) has
 * the type of the schema node the rule sits on. Cost limits are not applied: a compile has no API server to protect.
 *
 * <p>Built once per process; thread-safe.
 */
public final class KubernetesCel {

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .enableOptionalSyntax(true)
            .build();

    private static final List<Library> LIBRARIES = List.of(UrlFunctions.library(), RegexFunctions.library(),
            ListFunctions.library(), QuantityFunctions.library(), NetworkFunctions.library(),
            FormatFunctions.library(), SemverFunctions.library(), StringFormatFunction.library());

    private static final class Holder {
        static final Cel CEL = build();
    }

    private static final AtomicBoolean PREPARING = new AtomicBoolean();

    private KubernetesCel() {
    }

    private static Cel build() {
        CelBuilder builder = CelFactory.standardCelBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addCompilerLibraries(CelExtensions.strings(), CelExtensions.sets(OPTIONS), CelExtensions.lists(),
                        CelExtensions.optional(), CelExtensions.comprehensions(), CelExtensions.bindings())
                .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.sets(OPTIONS), CelExtensions.lists(),
                        CelExtensions.optional(), CelExtensions.comprehensions());
        for (Library library : LIBRARIES) {
            builder.addFunctionDeclarations(library.declarations()).addFunctionBindings(library.bindings());
        }
        return builder.build();
    }

    /**
     * Builds the environment, and runs its parser, checker and interpreter once, on a daemon thread: the first use
     * in a process costs a few hundred milliseconds of class loading and initialisation, which this overlaps with
     * the work a validation does before it reaches a CEL rule. Later calls do nothing.
     */
    public static void prepareInBackground() {
        if (PREPARING.getAndSet(true)) {
            return;
        }
        Thread warmUp = new Thread(() -> {
            try {
                CelAbstractSyntaxTree ast = Holder.CEL.toCompilerBuilder().addVar("self", SimpleType.DYN).build()
                        .compile("(has(self.a) ? 1 : 0) + size(self) <= 2 && self.a.startsWith('x')"
                                + " && self.all(k, int('1') > 0 && k.matches('^[a-z]$'))"
                                + " && duration('1s') > duration('1ms')")
                        .getAst();
                Holder.CEL.createProgram(ast).eval(Map.of("self", Map.of("a", "x")));
            } catch (CelValidationException | CelEvaluationException | RuntimeException e) {
                // Only a warm-up: a real compile reports what is wrong.
            }
        }, "istiodsl-cel-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /**
     * Parses and type-checks a rule (or a message expression) where {@code self} and {@code oldSelf} have the given
     * type, and the schema's message types are known.
     *
     * @throws CelValidationException with the checker's messages when the expression does not compile
     */
    public static CelAbstractSyntaxTree compile(String expression, CelType self, CelTypeProvider types)
            throws CelValidationException {
        CelCompiler compiler = Holder.CEL.toCompilerBuilder()
                .setTypeProvider(types)
                .addVar("self", self)
                .addVar("oldSelf", self)
                .build();
        return compiler.compile(expression).getAst();
    }

    /** A program for a checked expression, to evaluate with {@code self} bound. */
    public static CelRuntime.Program program(CelAbstractSyntaxTree ast) throws CelEvaluationException {
        return Holder.CEL.createProgram(ast);
    }

    /** Whether an expression reads {@code oldSelf}: a transition rule, which judges an update. */
    public static boolean readsOldSelf(CelAbstractSyntaxTree ast) {
        return ast.getReferenceMap().values().stream().anyMatch(r -> r.name().equals("oldSelf"));
    }
}
