/**
 * Stage {@code verify}: whether the committed tree is what the sources compile to. Input: the lock file and files of
 * the tree on disk, the bound sources, and (only when the sources changed since the lock was written) the tree they
 * compile to, in memory. Output: {@code Verify.*} diagnostics naming the files that are stale or edited by hand.
 */
package dev.istiodsl.verify;
