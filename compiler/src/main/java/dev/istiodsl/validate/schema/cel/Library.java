package dev.istiodsl.validate.schema.cel;

import dev.cel.common.CelFunctionDecl;
import dev.cel.runtime.CelFunctionBinding;

import java.util.List;

/** One Kubernetes CEL function library: what the checker declares and what the runtime binds. */
interface Library {

    List<CelFunctionDecl> declarations();

    List<CelFunctionBinding> bindings();
}
