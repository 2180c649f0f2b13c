package dev.istiodsl.testing;

/**
 * The smallest manifest a revision can be read from: the istiod Deployment of revision {@code r1}, as istioctl renders
 * it, with its requests set. For tests about what happens around an expansion, not inside one.
 */
public final class SmallManifest {

    private SmallManifest() {
    }

    /** The Deployment {@code istio-system/istiod-r1}, running pilot of {@code istio}. */
    public static String istiod(String istio) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: istiod-r1
                  namespace: istio-system
                  labels: {app: istiod, istio.io/rev: r1}
                spec:
                  selector:
                    matchLabels: {app: istiod, istio.io/rev: r1}
                  template:
                    metadata:
                      labels: {app: istiod, istio.io/rev: r1}
                    spec:
                      containers:
                      - name: discovery
                        image: docker.io/istio/pilot:%s
                        resources:
                          requests: {cpu: 500m, memory: 2Gi}
                """.formatted(istio);
    }
}
