package dev.istiodsl.expand.helm;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Small charts shaped like Istio's own, written by the tests: names suffixed with the revision
 * ({@code istiod-<rev>}, {@code istio-sidecar-injector-<rev>}), {@code revisionTags} rendering
 * {@code istio-revision-tag-<tag>} webhooks labelled {@code istio.io/tag}, a {@code base} chart with its CRDs as
 * templates (behind {@code base.enableCRDTemplates}) and {@code istiod-default-validator} (behind
 * {@code defaultRevision}), and a {@code gateway} chart named after its release with {@code labels} and
 * {@code service.type=None} as the real one has them. Labels carry the chart version, as Istio's do, so two versions
 * render shared objects differently.
 */
final class IstioShapedCharts {

    private IstioShapedCharts() {
    }

    /** {@code base/}, {@code istiod/}, {@code gateway/} and {@code cni/} of one version, unpacked in {@code folder}. */
    static Path folders(Path folder, String version) {
        charts(version).forEach((name, files) -> write(folder.resolve(name), files));
        return folder;
    }

    /** The same charts as the archives Helm downloads: {@code base-1.24.6.tgz}, ... */
    static Path archives(Path folder, String version) {
        charts(version).forEach((name, files) -> archive(folder.resolve(name + "-" + version + ".tgz"), name, files));
        return folder;
    }

    /** Chart name to its files (path inside the chart to text). */
    static Map<String, Map<String, String>> charts(String version) {
        Map<String, Map<String, String>> charts = new TreeMap<>();
        charts.put("base", base(version));
        charts.put("istiod", istiod(version));
        charts.put("gateway", gateway(version));
        charts.put("cni", cni(version));
        return charts;
    }

    static void write(Path chart, Map<String, String> files) {
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = chart.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A gzipped tar with one top folder, the chart's name, as {@code helm package} writes it. */
    static void archive(Path archive, String name, Map<String, String> files) {
        try {
            Files.createDirectories(archive.getParent());
            try (OutputStream out = Files.newOutputStream(archive);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
                for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
                    byte[] bytes = file.getValue().getBytes(StandardCharsets.UTF_8);
                    TarArchiveEntry entry = new TarArchiveEntry(name + "/" + file.getKey());
                    entry.setSize(bytes.length);
                    tar.putArchiveEntry(entry);
                    tar.write(bytes);
                    tar.closeArchiveEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String chartYaml(String name, String version) {
        return "apiVersion: v2\nname: " + name + "\nversion: " + version + "\nappVersion: " + version + "\n";
    }

    /** {@code -<rev>} when a revision is set, as Istio's templates write it. */
    private static final String REV = "{{ if .Values.revision }}-{{ .Values.revision }}{{ end }}";

    static Map<String, String> base(String version) {
        Map<String, String> files = new TreeMap<>();
        files.put("Chart.yaml", chartYaml("base", version));
        files.put("values.yaml", """
                global:
                  istioNamespace: istio-system
                base:
                  enableCRDTemplates: false
                defaultRevision: ""
                """);
        StringBuilder crds = new StringBuilder("{{- if .Values.base.enableCRDTemplates }}\n");
        for (String[] crd : new String[][] {{"gateways", "Gateway", "gateway"},
                {"virtualservices", "VirtualService", "virtualservice"}}) {
            crds.append("""
                    ---
                    apiVersion: apiextensions.k8s.io/v1
                    kind: CustomResourceDefinition
                    metadata:
                      name: %1$s.networking.istio.io
                      labels:
                        app.kubernetes.io/part-of: "istio"
                        helm.sh/chart: base-{{ .Chart.Version }}
                    spec:
                      group: networking.istio.io
                      names:
                        categories: [istio-io, networking-istio-io]
                        kind: %2$s
                        listKind: %2$sList
                        plural: %1$s
                        singular: %3$s
                      scope: Namespaced
                      versions:
                      - name: v1
                        served: true
                        storage: true
                        schema:
                          openAPIV3Schema:
                            type: object
                            properties:
                              spec:
                                type: object
                                x-kubernetes-preserve-unknown-fields: true
                    """.formatted(crd[0], crd[1], crd[2]));
        }
        files.put("templates/crds.yaml", crds.append("{{- end }}\n").toString());
        files.put("templates/reader-serviceaccount.yaml", """
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: istio-reader-service-account
                  namespace: {{ .Values.global.istioNamespace }}
                  labels:
                    app: istio-reader
                    release: {{ .Release.Name }}
                """);
        files.put("templates/defaultrevision-validatingwebhookconfiguration.yaml", """
                {{- if .Values.defaultRevision }}
                # Validation for the default revision, whichever revision that is.
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata:
                  name: istiod-default-validator
                  labels:
                    app: istiod
                    istio.io/rev: {{ .Values.defaultRevision | quote }}
                    helm.sh/chart: base-{{ .Chart.Version }}
                webhooks:
                  - name: validation.istio.io
                    clientConfig:
                      service:
                        {{- if eq .Values.defaultRevision "default" }}
                        name: istiod
                        {{- else }}
                        name: istiod-{{ .Values.defaultRevision }}
                        {{- end }}
                        namespace: {{ .Values.global.istioNamespace }}
                        path: "/validate"
                    rules:
                      - operations: [CREATE, UPDATE]
                        apiGroups: [networking.istio.io]
                        apiVersions: ["*"]
                        resources: ["*"]
                    failurePolicy: Ignore
                    sideEffects: None
                    admissionReviewVersions: ["v1"]
                {{- end }}
                """);
        return files;
    }

    static Map<String, String> istiod(String version) {
        Map<String, String> files = new TreeMap<>();
        files.put("Chart.yaml", chartYaml("istiod", version));
        files.put("values.yaml", """
                revision: ""
                revisionTags: []
                defaultRevision: ""
                meshConfig:
                  enablePrometheusMerge: true
                pilot:
                  autoscaleMin: 1
                  replicaCount: 1
                global:
                  hub: docker.io/istio
                  tag: "%s"
                  istioNamespace: istio-system
                  imagePullSecrets: []
                """.formatted(version));
        files.put("templates/deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: istiod%1$s
                  namespace: {{ .Release.Namespace }}
                  labels:
                    app: istiod
                    istio.io/rev: {{ .Values.revision | default "default" | quote }}
                    release: {{ .Release.Name }}
                    helm.sh/chart: istiod-{{ .Chart.Version }}
                spec:
                  replicas: {{ .Values.pilot.replicaCount }}
                  selector:
                    matchLabels:
                      app: istiod
                      istio.io/rev: {{ .Values.revision | default "default" | quote }}
                  template:
                    metadata:
                      labels:
                        app: istiod
                        istio: istiod
                        istio.io/rev: {{ .Values.revision | default "default" | quote }}
                    spec:
                      serviceAccountName: istiod%1$s
                      containers:
                        - name: discovery
                          image: "{{ .Values.global.hub }}/pilot:{{ .Values.global.tag }}"
                          args: ["discovery", "--monitoringAddr=:15014"]
                          env:
                          - name: REVISION
                            value: {{ .Values.revision | default "default" | quote }}
                          - name: PILOT_AUTOSCALE_MIN
                            value: {{ .Values.pilot.autoscaleMin | quote }}
                          resources:
                            requests:
                              cpu: 500m
                              memory: 2048Mi
                """.formatted(REV));
        files.put("templates/service.yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  name: istiod%1$s
                  namespace: {{ .Release.Namespace }}
                  labels:
                    app: istiod
                    istio.io/rev: {{ .Values.revision | default "default" | quote }}
                spec:
                  ports:
                    - port: 15012
                      name: tls-xds
                    - port: 443
                      name: https-webhook
                      targetPort: 15017
                  selector:
                    app: istiod
                    istio.io/rev: {{ .Values.revision | default "default" | quote }}
                """.formatted(REV));
        files.put("templates/serviceaccount.yaml", """
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: istiod%1$s
                  namespace: {{ .Release.Namespace }}
                """.formatted(REV));
        files.put("templates/clusterrole.yaml", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: istiod-clusterrole%1$s-{{ .Values.global.istioNamespace }}
                  labels:
                    app: istiod
                    release: {{ .Release.Name }}
                rules:
                  - apiGroups: ["networking.istio.io"]
                    verbs: ["get", "watch", "list"]
                    resources: ["*"]
                """.formatted(REV));
        files.put("templates/poddisruptionbudget.yaml", """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata:
                  name: istiod%1$s
                  namespace: {{ .Release.Namespace }}
                  labels:
                    app: istiod
                    istio.io/rev: {{ .Values.revision | default "default" | quote }}
                spec:
                  minAvailable: 1
                  selector:
                    matchLabels:
                      app: istiod
                      istio.io/rev: {{ .Values.revision | default "default" | quote }}
                """.formatted(REV));
        files.put("templates/configmap.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: istio%1$s
                  namespace: {{ .Release.Namespace }}
                  labels:
                    istio.io/rev: {{ .Values.revision | default "default" | quote }}
                  annotations:
                    istiodsl.test/kube-version: {{ .Capabilities.KubeVersion.Version | quote }}
                data:
                  mesh: |-
                {{ toYaml .Values.meshConfig | indent 4 }}
                    defaultConfig:
                      discoveryAddress: istiod%1$s.{{ .Release.Namespace }}.svc:15012
                """.formatted(REV));
        files.put("templates/istiod-injector-configmap.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: istio-sidecar-injector%1$s
                  namespace: {{ .Release.Namespace }}
                  labels:
                    istio.io/rev: {{ .Values.revision | default "default" | quote }}
                data:
                  values: |-
                {{ toPrettyJson (dict "global" .Values.global "revision" .Values.revision) | indent 4 }}
                """.formatted(REV));
        files.put("templates/mutatingwebhook.yaml", """
                apiVersion: admissionregistration.k8s.io/v1
                kind: MutatingWebhookConfiguration
                metadata:
                  name: istio-sidecar-injector%1$s
                  labels:
                    istio.io/rev: {{ .Values.revision | default "default" | quote }}
                    app: sidecar-injector
                webhooks:
                - name: rev.namespace.sidecar-injector.istio.io
                  clientConfig:
                    service:
                      name: istiod%1$s
                      namespace: {{ .Release.Namespace }}
                      path: "/inject"
                  sideEffects: None
                  rules:
                  - operations: ["CREATE"]
                    apiGroups: [""]
                    apiVersions: ["v1"]
                    resources: ["pods"]
                  failurePolicy: Fail
                  admissionReviewVersions: ["v1"]
                  namespaceSelector:
                    matchExpressions:
                    - key: istio.io/rev
                      operator: In
                      values:
                      - {{ .Values.revision | default "default" | quote }}
                    - key: istio-injection
                      operator: DoesNotExist
                """.formatted(REV));
        files.put("templates/revision-tags.yaml", """
                {{- range $tag := .Values.revisionTags }}
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: MutatingWebhookConfiguration
                metadata:
                  name: istio-revision-tag-{{ $tag }}
                  labels:
                    istio.io/tag: {{ $tag }}
                    istio.io/rev: {{ $.Values.revision | default "default" | quote }}
                    app: sidecar-injector
                webhooks:
                - name: rev.namespace.sidecar-injector.istio.io
                  clientConfig:
                    service:
                      name: istiod{{ if $.Values.revision }}-{{ $.Values.revision }}{{ end }}
                      namespace: {{ $.Release.Namespace }}
                      path: "/inject"
                  sideEffects: None
                  rules:
                  - operations: ["CREATE"]
                    apiGroups: [""]
                    apiVersions: ["v1"]
                    resources: ["pods"]
                  failurePolicy: Fail
                  admissionReviewVersions: ["v1"]
                  namespaceSelector:
                    matchExpressions:
                    - key: istio.io/rev
                      operator: In
                      values:
                      - {{ $tag | quote }}
                    - key: istio-injection
                      operator: DoesNotExist
                {{- end }}
                """);
        return files;
    }

    /**
     * The node agent: one DaemonSet {@code istio-cni-node} and its config, RBAC and account, in the release's
     * namespace, not revision-suffixed (a cluster runs one), reading the istioctl-shaped {@code cni} values.
     */
    static Map<String, String> cni(String version) {
        Map<String, String> files = new TreeMap<>();
        files.put("Chart.yaml", chartYaml("cni", version));
        files.put("values.yaml", """
                revision: ""
                global:
                  hub: docker.io/istio
                  tag: ""
                cni:
                  excludeNamespaces: [kube-system]
                  cniBinDir: /opt/cni/bin
                  repair:
                    enabled: false
                """);
        files.put("templates/daemonset.yaml", """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata:
                  name: istio-cni-node
                  namespace: {{ .Release.Namespace }}
                  labels:
                    k8s-app: istio-cni-node
                    istio.io/rev: {{ .Values.revision | default "default" }}
                    helm.sh/chart: cni-{{ .Chart.Version }}
                spec:
                  selector:
                    matchLabels:
                      k8s-app: istio-cni-node
                  template:
                    metadata:
                      labels:
                        k8s-app: istio-cni-node
                    spec:
                      serviceAccountName: istio-cni
                      containers:
                        - name: install-cni
                          image: {{ .Values.global.hub }}/install-cni:{{ .Values.global.tag }}
                          env:
                            - name: REPAIR_ENABLED
                              value: {{ .Values.cni.repair.enabled | quote }}
                          resources:
                            requests:
                              cpu: 100m
                              memory: 100Mi
                          volumeMounts:
                            - name: cni-bin-dir
                              mountPath: /host/opt/cni/bin
                      volumes:
                        - name: cni-bin-dir
                          hostPath:
                            path: {{ .Values.cni.cniBinDir }}
                """);
        files.put("templates/configmap.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: istio-cni-config
                  namespace: {{ .Release.Namespace }}
                  labels:
                    helm.sh/chart: cni-{{ .Chart.Version }}
                data:
                  EXCLUDE_NAMESPACES: {{ join "," .Values.cni.excludeNamespaces | quote }}
                """);
        files.put("templates/serviceaccount.yaml", """
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: istio-cni
                  namespace: {{ .Release.Namespace }}
                """);
        files.put("templates/clusterrole.yaml", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: istio-cni
                rules:
                  - apiGroups: [""]
                    resources: [pods, nodes, namespaces]
                    verbs: [get, list, watch]
                """);
        return files;
    }

    static Map<String, String> gateway(String version) {
        Map<String, String> files = new TreeMap<>();
        files.put("Chart.yaml", chartYaml("gateway", version));
        files.put("values.yaml", """
                revision: ""
                labels: {}
                replicaCount: 1
                autoscaling:
                  minReplicas: 1
                  maxReplicas: 5
                service:
                  type: LoadBalancer
                resources:
                  requests:
                    cpu: 100m
                    memory: 128Mi
                podAnnotations: {}
                nodeSelector: {}
                tolerations: []
                global: {}
                """);
        String labels = """
                    app: {{ .Values.labels.app | default .Release.Name | quote }}
                    istio: {{ .Values.labels.istio | default (.Release.Name | trimPrefix "istio-") | quote }}
                """;
        files.put("templates/serviceaccount.yaml", """
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: {{ .Release.Name }}
                  namespace: {{ .Release.Namespace }}
                  labels:
                    helm.sh/chart: gateway-{{ .Chart.Version }}
                %s""".formatted(labels));
        files.put("templates/deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ .Release.Name }}
                  namespace: {{ .Release.Namespace }}
                  labels:
                    helm.sh/chart: gateway-{{ .Chart.Version }}
                %1$s\
                spec:
                  replicas: {{ .Values.replicaCount }}
                  selector:
                    matchLabels:
                %2$s\
                  template:
                    metadata:
                      annotations:
                        inject.istio.io/templates: gateway
                        {{- with .Values.podAnnotations }}
                        {{- toYaml . | nindent 8 }}
                        {{- end }}
                      labels:
                        sidecar.istio.io/inject: "true"
                        {{- with .Values.revision }}
                        istio.io/rev: {{ . | quote }}
                        {{- end }}
                %3$s\
                    spec:
                      serviceAccountName: {{ .Release.Name }}
                      containers:
                        - name: istio-proxy
                          image: auto
                          ports:
                          - containerPort: 15090
                            protocol: TCP
                            name: http-envoy-prom
                          resources:
                {{ toYaml .Values.resources | indent 12 }}
                """.formatted(labels, labels.indent(2), labels.indent(4)));
        files.put("templates/hpa.yaml", """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata:
                  name: {{ .Release.Name }}
                  namespace: {{ .Release.Namespace }}
                spec:
                  scaleTargetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: {{ .Release.Name }}
                  minReplicas: {{ .Values.autoscaling.minReplicas }}
                  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
                """);
        files.put("templates/service.yaml", """
                {{- if not (eq .Values.service.type "None") }}
                apiVersion: v1
                kind: Service
                metadata:
                  name: {{ .Release.Name }}
                  namespace: {{ .Release.Namespace }}
                spec:
                  type: {{ .Values.service.type }}
                  ports:
                  - name: http2
                    port: 80
                    targetPort: 8080
                  selector:
                %s\
                {{- end }}
                """.formatted(labels));
        return files;
    }
}
