package dev.istiodsl.promote;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.model.Environment;
import dev.istiodsl.model.Promotion;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A revision leaves an environment only once nothing there runs its proxies. Pods keep the proxy they were injected
 * with until they restart, so moving a namespace (or the tag it is bound to) to another revision changes nothing in a
 * running pod; removing the old control plane at once leaves those proxies without istiod.
 *
 * <p>A revision is removed when the environment's committed tree at the base has its folder and this compile does not
 * run it. That is an error while the committed tree still has a tag or a namespace on it (a namespace bound to a tag
 * that points at it counts), and, in an environment with a soak ({@code after X soak D}), until the last of them left
 * it at least the soak ago: the committer date of the commit, on the first-parent line to the base, that ended the
 * run of commits in which one was on it. An environment without a soak only needs the first condition. A tag counts as
 * well as the namespaces bound to it: the {@code default} tag also serves namespaces labelled
 * {@code istio-injection=enabled} that the mesh file does not list.
 *
 * <p>Nothing is judged without a committed tree, for an environment not in it, or for a revision it never had. The
 * error is suppressed like a soak gate, in the environment with a reason.
 */
final class RevisionRemoval {

    static final String ID = "Revision.RemovedWhileInUse";

    private final TreeHistory history;
    private final Instant now;

    RevisionRemoval(TreeHistory history, Instant now) {
        this.history = history;
        this.now = now;
    }

    List<SoakGate.Violation> check(Environment env) {
        List<SoakGate.Violation> out = new ArrayList<>();
        Optional<TreeHistory.State> before = history.atBase(env.name());
        if (before.isEmpty()) {
            return out;
        }
        Duration soak = env.promotion().map(Promotion::soak).orElse(Duration.ZERO);
        SourceLocation at = env.revisions().isEmpty() ? env.at()
                : env.locations().revisions().getOrDefault(env.revisions().get(0), env.at());
        for (String revision : before.get().revisions()) {
            if (env.revisions().contains(revision)) {
                continue;
            }
            List<String> users = on(before.get(), revision);
            String suppress = "`suppress " + ID + " \"why\"` to environment " + env.name();
            if (!users.isEmpty()) {
                out.add(new SoakGate.Violation(ID, Severity.ERROR, at, "environment '" + env.name() + "': revision '"
                        + revision + "' is removed, but in the tree committed at " + history.baseRef() + " ("
                        + history.base().shortId() + ") " + list(users) + (users.size() == 1 ? " is" : " are")
                        + " still on it, and their pods run its proxy", "move them to another revision and commit"
                        + " that first; remove the revision once their workloads have restarted"
                        + (soak.isZero() ? "" : ", " + Durations.format(soak) + " later (the soak of " + env.name()
                                + ")") + ", or, if nothing runs there, add " + suppress));
                continue;
            }
            if (soak.isZero()) {
                continue;
            }
            Optional<TreeHistory.Ended> ended = history.lastEnded(env.name(), s -> !on(s, revision).isEmpty(),
                    now.minus(soak));
            if (ended.isEmpty() || !ended.get().endedBy().time().plus(soak).isAfter(now)) {
                continue;
            }
            TreeHistory.Commit left = ended.get().endedBy();
            out.add(new SoakGate.Violation(ID, Severity.ERROR, at, "environment '" + env.name() + "': revision '"
                    + revision + "' is removed on " + SoakGate.DATE.format(now) + ", but "
                    + list(on(ended.get().last(), revision)) + " left it only on " + SoakGate.DATE.format(left.time())
                    + " (commit " + left.shortId() + "): their pods keep its proxy until they restart, and "
                    + env.name() + "'s soak is " + Durations.format(soak) + ", so it may go from "
                    + SoakGate.DATE.format(left.time().plus(soak)), "restart their workloads (kubectl rollout"
                    + " restart) and remove the revision from then on, or, once they have restarted, add " + suppress));
        }
        return out;
    }

    /** What is on a revision in a state: namespaces (naming the tag they are bound through), then tags. */
    private static List<String> on(TreeHistory.State state, String revision) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> namespace : state.namespaces().entrySet()) {
            String target = namespace.getValue();
            if (target.equals(revision)) {
                out.add("namespace " + namespace.getKey());
            } else if (revision.equals(state.tags().get(target))) {
                out.add("namespace " + namespace.getKey() + " (tag " + target + ")");
            }
        }
        state.tags().forEach((tag, target) -> {
            if (target.equals(revision)) {
                out.add("tag " + tag);
            }
        });
        return out;
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    private static String list(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
