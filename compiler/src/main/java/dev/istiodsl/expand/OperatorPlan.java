package dev.istiodsl.expand;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How one revision is expanded in one environment: the user's IstioOperator file (if any), the IstioOperator the
 * compiler generates on top of it, and the {@code --set} flags istioctl must apply last, in order.
 */
public record OperatorPlan(Optional<Path> userOperator, ObjectNode generated, List<String> setFlags) {

    public OperatorPlan {
        setFlags = List.copyOf(setFlags);
    }
}
