package dev.istiodsl.promote;

import dev.istiodsl.diag.ClusterScope;
import dev.istiodsl.diag.Severity;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Mesh;
import dev.istiodsl.model.Promotion;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The soak gate of {@code environment prod after preprod soak 7d}: a revision, or a tag move, reaches {@code prod}
 * only once {@code preprod} has run it for seven days in the committed tree.
 *
 * <p>What this compile brings to {@code prod} is what its tree at the base commit does not have yet: a revision whose
 * folder is new, a tag that is new or points elsewhere. For each, the history gives the first commit of the unbroken
 * run, ending at the base, in which {@code preprod} ran it (the revision's folder; the same tag on the same revision);
 * that commit's committer date plus the soak must not be after {@code now}. Measuring in the committed history, not
 * in the working copy, is the point: a soak counts the time a change was deployable from the branch Flux reads, and
 * in CI the base is that branch, so the gate is judged against what is deployed.
 *
 * <p>There is nothing to gate, and no finding, when no git repository holds the tree, when the tree was never
 * committed, or when {@code prod} is not in the committed tree yet: the first compile of a new environment brings
 * everything at once. An emergency goes through with {@code suppress Promotion.SoakNotMet "reason"} in the
 * environment; the finding stays in every report, suppressed, with the reason.
 *
 * <p>The same history guards the other end of a revision's life: {@link RevisionRemoval} refuses to remove one that
 * pods may still run ({@code Revision.RemovedWhileInUse}), and is suppressed the same way.
 */
public final class SoakGate {

    public static final String ID = "Promotion.SoakNotMet";

    /** Every id judged from the git history, as this gate is: suppressed in the same way, shown with their reasons. */
    public static final List<String> IDS = List.of(ID, RevisionRemoval.ID);

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** One change that reaches an environment too early. */
    public record Violation(String id, Severity severity, SourceLocation at, String message, String hint) {
    }

    private final Optional<TreeHistory> history;
    private final Instant now;

    public SoakGate(Optional<TreeHistory> history, Instant now) {
        this.history = history;
        this.now = now;
    }

    /** Whether there is a committed tree to measure against at all. */
    public boolean active() {
        return history.isPresent() && history.get().treeCommitted();
    }

    /**
     * The changes this compile brings to {@code env} before its soak is over, and the revisions it removes while pods
     * may still run them; empty when none.
     */
    public List<Violation> check(Mesh mesh, Environment env) {
        List<Violation> out = new ArrayList<>();
        if (!active() || ClusterScope.of(env.name()).isPresent()) {
            // A cluster with a render of its own runs its environment's revisions and tags, and its folder holds only
            // the parts that differ: what it brings, or removes, is what its environment does, judged once, for it.
            return out;
        }
        out.addAll(new RevisionRemoval(history.get(), now).check(env));
        if (env.promotion().isEmpty()) {
            return out;
        }
        TreeHistory commits = history.get();
        Optional<TreeHistory.State> before = commits.atBase(env.name());
        if (before.isEmpty()) {
            return out;
        }
        Promotion promotion = env.promotion().get();
        String upstream = promotion.after();
        for (String revision : env.revisions()) {
            if (before.get().revisions().contains(revision)) {
                continue;
            }
            SourceLocation at = env.locations().revisions().getOrDefault(revision, env.at());
            Optional<TreeHistory.Commit> since = commits.holdingSince(upstream,
                    state -> state.revisions().contains(revision), now.minus(promotion.soak()));
            judge(env, promotion, "revision '" + revision + "'", "run it", since, at).ifPresent(out::add);
        }
        for (Map.Entry<String, String> tag : env.tags().entrySet()) {
            String name = tag.getKey();
            String target = tag.getValue();
            if (target.equals(before.get().tags().get(name))) {
                continue;
            }
            SourceLocation at = env.locations().tags().getOrDefault(name, env.at());
            Optional<TreeHistory.Commit> since = commits.holdingSince(upstream,
                    state -> target.equals(state.tags().get(name)), now.minus(promotion.soak()));
            String move = before.get().tags().containsKey(name)
                    ? "the move of tag '" + name + "' from '" + before.get().tags().get(name) + "' to '" + target + "'"
                    : "tag '" + name + "' on '" + target + "'";
            judge(env, promotion, move, "had tag '" + name + "' on '" + target + "'", since, at)
                    .ifPresent(out::add);
        }
        return out;
    }

    /** @param ranIt what the upstream environment did, as a participle: "run it", "had tag 'stable' on 'x'" */
    private Optional<Violation> judge(Environment env, Promotion promotion, String change, String ranIt,
            Optional<TreeHistory.Commit> since, SourceLocation at) {
        String upstream = promotion.after();
        String base = history.get().baseRef() + " (" + history.get().base().shortId() + ")";
        String soak = Durations.format(promotion.soak());
        if (since.isEmpty()) {
            return Optional.of(new Violation(ID, Severity.ERROR, at, "environment '" + env.name() + "': " + change
                    + " would reach " + env.name() + " on " + DATE.format(now) + ", but " + upstream
                    + " has not " + ranIt + " in the tree committed at " + base
                    + ", so its " + soak + " soak has not started",
                    "promote to " + upstream + " first and commit it; " + env.name() + " follows " + soak
                            + " later (or, in an emergency, `suppress " + ID + " \"why\"` in environment "
                            + env.name() + ")"));
        }
        Instant start = since.get().time();
        Instant ready = start.plus(promotion.soak());
        if (!ready.isAfter(now)) {
            return Optional.empty();
        }
        Duration soaked = Duration.between(start, now).isNegative() ? Duration.ZERO : Duration.between(start, now);
        return Optional.of(new Violation(ID, Severity.ERROR, at, "environment '" + env.name() + "': " + change
                + " would reach " + env.name() + " on " + DATE.format(now) + ", but " + upstream + " has "
                + ranIt + " only since " + DATE.format(start) + " (commit "
                + since.get().shortId() + "): " + Durations.format(soaked) + " of the " + soak + " soak",
                "wait until " + DATE.format(ready) + ", or, in an emergency, add `suppress " + ID
                        + " \"why\"` to environment " + env.name() + ": the reason is shown in every report"));
    }
}
