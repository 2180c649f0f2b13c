package dev.istiodsl.emit;

import java.util.List;

/**
 * What an emit changed in the tree, against the bytes on disk before it (the lock file aside). Paths are relative to
 * the output folder, in UTF-8 byte order.
 *
 * @param added     files that were not there, or not the compiler's
 * @param changed   files the compiler wrote before with other bytes
 * @param removed   files the compiler wrote before and no longer does
 * @param unchanged how many files were already on disk with the same bytes, and were kept as they were
 * @param kept      files (and empty folders, with a trailing {@code /}) that istiodsl does not own, carried over as
 *                  they were
 */
public record EmitResult(List<String> added, List<String> changed, List<String> removed, int unchanged,
        List<String> kept) {

    public EmitResult {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        kept = List.copyOf(kept);
    }

    /** Whether the tree on disk differs from the one before. */
    public boolean changedAnything() {
        return !added.isEmpty() || !changed.isEmpty() || !removed.isEmpty();
    }
}
