package dev.istiodsl.diff;

/**
 * A namespace whose workloads must be restarted for a change to reach them: sidecars are injected when a pod starts.
 *
 * @param why what changed for it: its tag moved, it is bound elsewhere, or its revision's injector changed
 */
public record Restart(String environment, String namespace, String why) {
}
