package dev.istiodsl.partition;

import dev.istiodsl.diag.Diagnostics;
import dev.istiodsl.diag.SourceLocation;
import dev.istiodsl.resource.ResourceId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The objects of an environment's expansions that the partitioner does not place, and why: every one that is not in
 * the tree anyway (another revision's or version's copy with the same identity is) is named by a
 * {@code Partition.Dropped} note, one per reason and revision (or gateway), so nothing an expansion rendered vanishes
 * without a word.
 */
final class LeftOut {

    static final String ID = "Partition.Dropped";

    /** Why an object was left out; each words its note. */
    enum Reason {
        /** A tag webhook or Service for a tag the environment does not declare. */
        UNDECLARED_TAG,
        /** A tag's object rendered by a revision the tag does not point at in this environment. */
        OTHER_REVISIONS_TAG,
        /** A CustomResourceDefinition of an older version than the newest the environment runs. */
        OLDER_CRD,
        /** {@code istiod-default-validator} of a revision that does not answer for default validation. */
        DEFAULT_VALIDATOR,
        /** A Service rendered for a declared gateway, replaced by the gateway's one shared Service. */
        GATEWAY_SERVICE
    }

    /** One note's worth of left-out objects: a reason, and the revision (or, for gateway Services, the gateway). */
    private record Group(Reason reason, String owner) implements Comparable<Group> {
        @Override
        public int compareTo(Group other) {
            int byReason = reason.compareTo(other.reason);
            return byReason != 0 ? byReason : owner.compareTo(other.owner);
        }
    }

    /** The objects of a group, each with what the note says about its reason, and where the note points. */
    private static final class Members {
        final SortedMap<ResourceId, String> details = new TreeMap<>();
        SourceLocation at;
    }

    private final Map<Group, Members> groups = new TreeMap<>();

    /**
     * @param owner  the revision that rendered it, or the gateway its Service was for
     * @param detail what the note names about the reason: the tag, {@code tag -> revision}, the newest revision, ...
     */
    void add(Reason reason, String owner, SourceLocation at, ResourceId id, String detail) {
        Members members = groups.computeIfAbsent(new Group(reason, owner), g -> new Members());
        members.details.put(id, detail);
        if (members.at == null) {
            members.at = at;
        }
    }

    /** A note per group, naming every left-out object whose identity the tree does not have from elsewhere. */
    void report(String environment, Set<ResourceId> placed, Diagnostics diagnostics) {
        groups.forEach((group, members) -> {
            List<String> ids = new ArrayList<>();
            SortedSet<String> said = new TreeSet<>();
            members.details.forEach((id, detail) -> {
                if (!placed.contains(id)) {
                    ids.add(id.toString());
                    said.add(detail);
                }
            });
            if (ids.isEmpty()) {
                return;
            }
            String details = String.join(", ", said);
            String count = ids.size() == 1 ? "1 object" : ids.size() + " objects";
            String is = ids.size() == 1 ? "is" : "are";
            String of = group.reason() == Reason.GATEWAY_SERVICE ? "gateway '" + group.owner() + "'"
                    : "revision '" + group.owner() + "'";
            String why = switch (group.reason()) {
                case UNDECLARED_TAG -> "for revision tags the environment does not declare (" + details + ")";
                case OTHER_REVISIONS_TAG -> "for tags that point at other revisions here (" + details
                        + "), whose expansions lack " + (ids.size() == 1 ? "it" : "them");
                case OLDER_CRD -> "because CustomResourceDefinitions come from " + details + ", the newest version "
                        + "the environment runs, which lacks " + (ids.size() == 1 ? "it" : "them");
                case DEFAULT_VALIDATOR -> "because default validation comes from revision " + details
                        + ", whose expansion lacks it";
                case GATEWAY_SERVICE -> "replaced by the gateway's shared Service " + details + ", which selects the "
                        + "pods of every revision";
            };
            String hint = switch (group.reason()) {
                case UNDECLARED_TAG -> "to install a tag, declare it in the environment, as `tag "
                        + said.first() + " -> " + group.owner() + "`";
                case OTHER_REVISIONS_TAG -> "a tag's objects come from the revision it points at";
                case OLDER_CRD -> "CRDs come from the newest Istio version an environment runs; if revision '"
                        + group.owner() + "' still needs one of these, add it with an overlay `resource from`";
                case DEFAULT_VALIDATOR -> "point the `default` tag at revision '" + group.owner()
                        + "' to take it from there";
                case GATEWAY_SERVICE -> null;
            };
            diagnostics.note(ID, members.at, "environment '" + environment + "': " + count + " of " + of + " "
                    + is + " left out, " + why + ": " + String.join(", ", ids), hint);
        });
    }
}
