/**
 * Stage {@code validate}, core Kubernetes kinds: one emitted resource in; findings out. {@link
 * dev.istiodsl.validate.kubernetes.TypedModelValidator} reads a resource into fabric8's typed model for its apiVersion
 * and kind and reports every field the API server does not know ({@code Kubernetes.UnknownField}) and every value of
 * the wrong JSON type ({@code Kubernetes.WrongType}); {@link dev.istiodsl.validate.kubernetes.RemovedApis} reports
 * apiVersions the environment's Kubernetes version no longer serves ({@code Kubernetes.RemovedApi}) or serves with a
 * deprecation warning ({@code Kubernetes.DeprecatedApi}), from the data file
 * {@code istiodsl/facts/kubernetes-apis.yaml}; {@link dev.istiodsl.validate.kubernetes.Namespaces} reports a namespaced
 * object without a namespace ({@code Resource.MissingNamespace}) and one of a kind of unknown scope
 * ({@code Resource.UnknownScope}).
 * Custom resources are left to the CRD schema validator.
 */
package dev.istiodsl.validate.kubernetes;
