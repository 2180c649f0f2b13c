/**
 * Stage {@code validate}, the CEL environment of the Kubernetes API server, for the {@code x-kubernetes-validations}
 * rules of CustomResourceDefinitions: Google's CEL engine ({@code dev.cel}) with the options, extension libraries and
 * macros the API server enables, the Kubernetes function libraries (URLs, regex {@code find}, lists, quantities, IP
 * addresses and CIDRs, named formats, semantic versions, {@code string.format}), written from the Kubernetes
 * documentation of those functions, and the typing of {@code self} from a structural schema
 * ({@link dev.istiodsl.validate.schema.cel.SchemaType}). Input: a rule and the schema it sits on; output: a compiled
 * program and the CEL value of a JSON instance.
 */
package dev.istiodsl.validate.schema.cel;
