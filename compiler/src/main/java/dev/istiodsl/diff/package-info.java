/**
 * Stage {@code diff}: what a change does to the emitted tree, for reviewers. Input: the tree committed at a git ref
 * (read with JGit, no checkout) and the tree the sources compile to now; or two revisions of one environment. Output:
 * per environment, resources added, removed and changed, each change field by field, rendered for a terminal and as a
 * Markdown report for a pull request.
 */
package dev.istiodsl.diff;
