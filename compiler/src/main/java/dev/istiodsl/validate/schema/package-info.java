/**
 * Stage {@code validate}, custom resources: the CustomResourceDefinitions of the exact Istio version an environment
 * runs, and one resource at a time, in; findings out. {@link dev.istiodsl.validate.schema.CrdSchemas} turns each
 * served version's {@code openAPIV3Schema} into a strict JSON-schema validator (compiled on first use);
 * {@link dev.istiodsl.validate.schema.SchemaValidator} checks a resource against it and reports
 * {@code Schema.UnknownField}, {@code Schema.WrongType}, {@code Schema.InvalidValue}, {@code Schema.MissingField},
 * {@code Schema.UnknownApiVersion}, {@code Schema.UnknownKind} and, through
 * {@link dev.istiodsl.validate.schema.StructuralRules} (what the API server enforces beyond a JSON schema: defaults,
 * nulls, formats, list-type uniqueness), {@code Schema.DuplicateListKey}; {@link dev.istiodsl.validate.schema.CelRules}
 * evaluates each version's CEL rules ({@code x-kubernetes-validations}) in the API server's CEL environment
 * ({@code schema.cel}) and reports {@code Schema.RuleViolated}. Istio's validating webhook is not evaluated here.
 */
package dev.istiodsl.validate.schema;
