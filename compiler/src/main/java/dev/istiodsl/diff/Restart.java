package dev.istiodsl.diff;

/**
 * Workloads that must be restarted, or that roll, for a change to reach them: sidecars are injected when a pod starts,
 * so a pod keeps the proxy (image, template, proxy configuration) it started with.
 *
 * @param namespace where they run
 * @param workload  what restarts: empty for every workload of the namespace, else {@code Deployment name}
 * @param why       what changed for them: their tag moved, they were bound elsewhere, their revision's injector or
 *                  proxy configuration changed, their namespace lost its label, a gateway's pod template changed
 */
public record Restart(String environment, String namespace, String workload, String why) {

    /** Every workload of a namespace. */
    public Restart(String environment, String namespace, String why) {
        this(environment, namespace, "", why);
    }

    /** What restarts, in words: {@code every workload} or the workload. */
    public String what() {
        return workload.isEmpty() ? "every workload" : workload;
    }
}
