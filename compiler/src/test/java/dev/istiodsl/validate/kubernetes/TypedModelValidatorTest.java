package dev.istiodsl.validate.kubernetes;

import dev.istiodsl.diag.Severity;
import dev.istiodsl.resource.ManifestReader;
import dev.istiodsl.resource.Resource;
import dev.istiodsl.validate.Finding;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Core kinds read into fabric8's typed model as strictly as the API server decodes them. */
class TypedModelValidatorTest {

    private final TypedModelValidator validator = new TypedModelValidator();

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: istiod
              namespace: istio-system
              labels: {app: istiod, istio.io/rev: default}
              annotations: {sidecar.istio.io/inject: "false"}
            spec:
              replicas: 2
              selector:
                matchLabels: {app: istiod}
              strategy:
                rollingUpdate: {maxSurge: 100%, maxUnavailable: 25%}
              template:
                metadata:
                  labels: {app: istiod}
                spec:
                  containers:
                  - name: discovery
                    image: docker.io/istio/pilot:1.22.2
                    ports:
                    - containerPort: 15012
                      protocol: TCP
                    readinessProbe:
                      httpGet: {path: /ready, port: 8080}
                    CONTAINER
            """;

    private List<Finding> validate(String yaml) throws Exception {
        List<Resource> resources = ManifestReader.read(yaml, "test", "istio-system");
        assertThat(resources).hasSize(1);
        return validator.validate(resources.get(0));
    }

    private List<Finding> deployment(String containerTail) throws Exception {
        return validate(DEPLOYMENT.replace("CONTAINER", containerTail));
    }

    @Test
    void aCorrectDeploymentHasNoFindings() throws Exception {
        assertThat(deployment("resources: {requests: {cpu: 500m, memory: 2048Mi}, limits: {cpu: 2}}")).isEmpty();
    }

    @Test
    void unknownFieldIsReportedAtItsPointer_withTheClosestKnownField() throws Exception {
        List<Finding> findings = deployment("resource: {requests: {cpu: 500m}}");

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("Kubernetes.UnknownField");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.path()).isEqualTo("/spec/template/spec/containers/0/resource");
            assertThat(f.message()).isEqualTo("apps/v1 Deployment: unknown field "
                    + "/spec/template/spec/containers/0/resource (a Container has no field 'resource')");
            assertThat(f.hint()).isEqualTo("did you mean 'resources'?");
            assertThat(f.resource()).get().hasToString("Deployment.apps istio-system/istiod");
        });
    }

    @Test
    void everyUnknownFieldIsReported_atEveryLevel_inDocumentOrder() throws Exception {
        List<Finding> findings = validate("""
                apiVersion: v1
                kind: Service
                metadata: {name: istiod, namespace: istio-system, lables: {app: istiod}}
                spec:
                  selector: {app: istiod}
                  ports:
                  - {name: grpc-xds, port: 15010}
                  - {name: https-dns, port: 15012, targetport: 15012}
                  typo: ClusterIP
                """);

        assertThat(findings).extracting(Finding::path, Finding::hint).containsExactly(
                tuple("/metadata/lables", "did you mean 'labels'?"),
                tuple("/spec/ports/1/targetport", "did you mean 'targetPort'?"),
                tuple("/spec/typo", "did you mean 'type'?"));
    }

    @Test
    void aFieldFabric8KeepsForUnknownsIsItselfUnknown() throws Exception {
        assertThat(deployment("additionalProperties: {x: 1}")).extracting(Finding::id, Finding::path)
                .containsExactly(tuple("Kubernetes.UnknownField",
                        "/spec/template/spec/containers/0/additionalProperties"));
    }

    @Test
    void aQuotedNumberForAnInt32IsAWrongType_withTheFix() throws Exception {
        List<Finding> findings = validate(DEPLOYMENT.replace("CONTAINER", "").replace("replicas: 2",
                "replicas: \"2\""));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("Kubernetes.WrongType");
            assertThat(f.path()).isEqualTo("/spec/replicas");
            assertThat(f.message()).isEqualTo("apps/v1 Deployment: /spec/replicas must be an integer (int32), "
                    + "not the string \"2\"");
            assertThat(f.hint()).isEqualTo("write the number without quotes: 2");
        });
    }

    @Test
    void aMapWhereAListIsRequired_andAnUnquotedNumberForAString_areWrongTypes_andReadingGoesOn() throws Exception {
        List<Finding> findings = validate("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: istio
                  labels: {version: 1.0, enabled: true}
                  finalizers: {a: b}
                data: {mesh: "x", retries: 3}
                """);

        assertThat(findings).extracting(Finding::path, Finding::message).containsExactly(
                tuple("/metadata/labels/version",
                        "v1 ConfigMap: /metadata/labels/version must be a string, not the number 1.0"),
                tuple("/metadata/labels/enabled",
                        "v1 ConfigMap: /metadata/labels/enabled must be a string, not the boolean true"),
                tuple("/metadata/finalizers",
                        "v1 ConfigMap: /metadata/finalizers must be a list, not a map"),
                tuple("/data/retries",
                        "v1 ConfigMap: /data/retries must be a string, not the number 3"));
        assertThat(findings.get(0).hint()).isEqualTo("quote it, or YAML reads it as a number: \"1.0\"");
    }

    @Test
    void anObjectWhereAStringIsRequired_andAStringWhereAnObjectIs_areWrongTypes() throws Exception {
        List<Finding> findings = validate(DEPLOYMENT.replace("CONTAINER", "livenessProbe: /healthz")
                .replace("image: docker.io/istio/pilot:1.22.2", "image: {repository: istio/pilot}"));

        assertThat(findings).extracting(Finding::path, Finding::message).containsExactly(
                tuple("/spec/template/spec/containers/0/image",
                        "apps/v1 Deployment: /spec/template/spec/containers/0/image must be a string, not a map"),
                tuple("/spec/template/spec/containers/0/livenessProbe",
                        "apps/v1 Deployment: /spec/template/spec/containers/0/livenessProbe must be an object "
                                + "(Probe), not the string \"/healthz\""));
    }

    @Test
    void anEmptyStringForAnObjectOrAListIsAWrongType() throws Exception {
        assertThat(deployment("resources: \"\"")).extracting(Finding::id, Finding::path, Finding::message)
                .containsExactly(tuple("Kubernetes.WrongType", "/spec/template/spec/containers/0/resources",
                        "apps/v1 Deployment: /spec/template/spec/containers/0/resources must be an object "
                                + "(ResourceRequirements), not the string \"\""));
        assertThat(deployment("args: \"\"")).extracting(Finding::id, Finding::path)
                .containsExactly(tuple("Kubernetes.WrongType", "/spec/template/spec/containers/0/args"));
    }

    @Test
    void intOrStringTakesBothForms_andNothingElse() throws Exception {
        String service = """
                apiVersion: v1
                kind: Service
                metadata: {name: istiod}
                spec:
                  ports:
                  - {port: 15010, targetPort: %s}
                """;

        assertThat(validate(service.formatted("15010"))).isEmpty();
        assertThat(validate(service.formatted("grpc-xds"))).isEmpty();
        assertThat(validate(service.formatted("\"15010\""))).isEmpty();
        assertThat(validate(service.formatted("1.5"))).singleElement().extracting(Finding::message)
                .isEqualTo("v1 Service: /spec/ports/0/targetPort must be an integer or a string, not the number 1.5");
        assertThat(validate(service.formatted("{port: 1}"))).singleElement().extracting(Finding::path)
                .isEqualTo("/spec/ports/0/targetPort");
        assertThat(validate(DEPLOYMENT.replace("CONTAINER", "").replace("maxSurge: 100%", "maxSurge: 1")))
                .isEmpty();
    }

    @Test
    void quantityTakesAQuantityStringOrANumber_andRejectsOtherText() throws Exception {
        assertThat(deployment("resources: {requests: {cpu: 0.5, memory: 128974848}, limits: {cpu: \"2\", "
                + "memory: 1e3, ephemeral-storage: 1Gi, nvidia.com/gpu: +1, memory-alt: 129M}}")).isEmpty();

        List<Finding> findings = deployment("resources: {limits: {cpu: 2 cores, memory: true}}");

        assertThat(findings).extracting(Finding::path, Finding::message).containsExactly(
                tuple("/spec/template/spec/containers/0/resources/limits/cpu",
                        "apps/v1 Deployment: /spec/template/spec/containers/0/resources/limits/cpu must be a "
                                + "quantity (such as 500m, 2, 128Mi or 1Gi), not the string \"2 cores\""),
                tuple("/spec/template/spec/containers/0/resources/limits/memory",
                        "apps/v1 Deployment: /spec/template/spec/containers/0/resources/limits/memory must be a "
                                + "quantity (such as 500m, 2, 128Mi or 1Gi), not the boolean true"));
        assertThat(findings.get(0).hint()).startsWith("a quantity is a number with an optional suffix");
    }

    @Test
    void mapsAndObjectsFabric8LeavesUntypedTakeAnything() throws Exception {
        assertThat(validate("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: things.example.com}
                spec:
                  group: example.com
                  names: {kind: Thing, plural: things}
                  scope: Namespaced
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        x-kubernetes-preserve-unknown-fields: true
                        properties:
                          spec:
                            type: object
                            default: {anything: [1, "two", {three: 3}]}
                            additionalProperties: {type: string}
                            properties:
                              port: {type: integer, x-kubernetes-int-or-string: true, enum: [1, "a"]}
                              mode: {type: string, example: 42}
                              list: {type: array, items: {type: string}}
                """)).isEmpty();
    }

    @Test
    void aCrdSchemaIsCheckedToo() throws Exception {
        List<Finding> findings = validate("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: things.example.com}
                spec:
                  group: example.com
                  names: {kind: Thing, plural: things}
                  scope: Namespaced
                  versions:
                  - name: v1
                    served: "yes"
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec: {type: object, additionalProperties: "no", items: {typ: string}}
                """);

        assertThat(findings).extracting(Finding::id, Finding::path).containsExactly(
                tuple("Kubernetes.WrongType", "/spec/versions/0/served"),
                tuple("Kubernetes.WrongType",
                        "/spec/versions/0/schema/openAPIV3Schema/properties/spec/additionalProperties"),
                tuple("Kubernetes.UnknownField",
                        "/spec/versions/0/schema/openAPIV3Schema/properties/spec/items/typ"));
    }

    @Test
    void aKeyWithASlashIsEscapedInThePointer() throws Exception {
        List<Finding> findings = validate("""
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: istio-system
                  labels: {topology.istio.io/network: 7}
                """);

        assertThat(findings).singleElement().extracting(Finding::path)
                .isEqualTo("/metadata/labels/topology.istio.io~1network");
    }

    @Test
    void oldApiVersionsAreReadWithTheirOwnModel() throws Exception {
        assertThat(validate("""
                apiVersion: autoscaling/v2beta1
                kind: HorizontalPodAutoscaler
                metadata: {name: istiod}
                spec:
                  minReplicas: 1
                  maxReplicas: 5
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: istiod}
                  metrics:
                  - type: Resource
                    resource: {name: cpu, targetAverageUtilization: 80}
                """)).isEmpty();
        assertThat(validate("""
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: istiod}
                spec:
                  minReplicas: 1
                  maxReplicas: 5
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: istiod}
                  metrics:
                  - type: Resource
                    resource: {name: cpu, targetAverageUtilization: 80}
                """)).extracting(Finding::path, Finding::hint).containsExactly(tuple(
                        "/spec/metrics/0/resource/targetAverageUtilization", "known fields: name, target"));
    }

    @Test
    void aKindWithoutATypedModelGivesNoFindings() throws Exception {
        assertThat(validate("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: reviews}
                spec: {hosts: [reviews], nonsense: {port: "x"}}
                """)).isEmpty();
        assertThat(validate("""
                apiVersion: example.com/v1
                kind: Deployment
                metadata: {name: not-apps}
                spec: {whatever: 1}
                """)).isEmpty();
        assertThat(TypedModelValidator.knows("apps/v1", "Deployment")).isTrue();
        assertThat(TypedModelValidator.knows("networking.istio.io/v1", "VirtualService")).isFalse();
    }

    @Test
    void theResourceIsNotChanged() throws Exception {
        Resource resource = ManifestReader.read(DEPLOYMENT.replace("CONTAINER", "resource: {}"), "test",
                "istio-system").get(0);
        String before = resource.body().toString();

        validator.validate(resource);

        assertThat(resource.body().toString()).isEqualTo(before);
    }
}
