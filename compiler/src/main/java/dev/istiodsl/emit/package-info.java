/**
 * Stage {@code emit}: the transformed resources of each environment and part in; the tree on disk and its lock file
 * out. {@link dev.istiodsl.emit.CanonicalYaml} gives each resource its one text, {@link dev.istiodsl.emit.TreeLayout}
 * its one path, {@link dev.istiodsl.emit.Tree} collects them, and {@link dev.istiodsl.emit.TreeEmitter} swaps the
 * tree in atomically with {@link dev.istiodsl.emit.LockFile} recording inputs and output digests.
 */
package dev.istiodsl.emit;
