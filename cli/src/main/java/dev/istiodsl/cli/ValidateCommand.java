package dev.istiodsl.cli;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.Compiler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code istiodsl validate}: {@code mvn istiodsl:validate} without Maven. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks everything compile would, prints the findings per environment, writes the reports;"
                + " writes no tree.")
final class ValidateCommand extends CompilingCommand {

    @Option(names = "--expand", negatable = true, defaultValue = "true", fallbackValue = "true", arity = "0..1",
            paramLabel = "true|false",
            description = "Expand the revisions and check the resources; --expand=false checks the DSL alone.")
    boolean expand;

    @Override
    boolean expands() {
        return expand;
    }

    @Override
    int run(CompileRequest request) {
        return report(request, new Compiler().validate(request));
    }
}
