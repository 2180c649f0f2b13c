package dev.istiodsl.maven;

import dev.istiodsl.compiler.CompileRequest;
import dev.istiodsl.compiler.Compiler;
import dev.istiodsl.promote.Promoter;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.Optional;

/**
 * {@code istiodsl:promote -Distiodsl.from=preprod -Distiodsl.to=prod}: rewrites the mesh file so {@code prod} runs
 * what {@code preprod} runs (revisions, tag targets, the bindings of the namespaces both have), keeping every comment
 * and the formatting of all it does not change, then compiles. With {@code -Distiodsl.tag=stable} only that tag
 * moves. When the promoted mesh does not compile, the soak gate above all, nothing is written.
 */
@Mojo(name = "promote", threadSafe = true)
public class PromoteMojo extends AbstractTreeMojo {

    /** The environment whose revisions and tags are promoted. */
    @Parameter(property = "istiodsl.from", required = true)
    private String from;

    /** The environment promoted: it must be the one {@code after} {@code from} in the promotion chain. */
    @Parameter(property = "istiodsl.to", required = true)
    private String to;

    /** Promote only this tag (and the revision it points at); default everything. */
    @Parameter(property = "istiodsl.tag")
    private String tag;

    @Override
    protected void run(CompileRequest request) throws MojoFailureException {
        Optional<String> oneTag = Optional.ofNullable(tag).map(String::strip).filter(t -> !t.isEmpty());
        Compiler.PromoteOutcome outcome = new Compiler().promote(request, new Promoter.Request(from.strip(),
                to.strip(), oneTag));
        outcome.plan().ifPresent(plan -> {
            plan.changes().forEach(change -> getLog().info("istiodsl: promote " + to + ": " + change));
            plan.leftAlone().forEach(alone -> getLog().info("istiodsl: promote " + to + ": left alone: " + alone));
        });
        report(request, outcome.result());
        if (outcome.written()) {
            getLog().info("istiodsl: " + request.projectDirectory().relativize(request.meshFile()) + " rewritten and"
                    + " compiled into " + request.outputDirectory() + ": review and commit both");
        }
    }
}
