package dev.istiodsl.validate.schema.cel;

import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;

import java.util.List;

/**
 * Kubernetes' quantity library: {@code isQuantity(string)}, {@code quantity(string)}, and on a quantity
 * {@code isInteger()}, {@code asInteger()}, {@code asApproximateFloat()}, {@code sign()}, {@code add} and {@code sub}
 * (of a quantity or an int), {@code mul(int)}, {@code isLessThan}, {@code isGreaterThan} and {@code compareTo}.
 */
final class QuantityFunctions {

    static final CelType QUANTITY = OpaqueType.create("kubernetes.Quantity");

    private QuantityFunctions() {
    }

    static Library library() {
        Functions f = new Functions();
        f.global("isQuantity", "is_quantity_string", SimpleType.BOOL, List.of(SimpleType.STRING),
                List.of(String.class), args -> Functions.parses((String) args[0], Quantity::parse));
        f.global("quantity", "string_to_quantity", QUANTITY, List.of(SimpleType.STRING), List.of(String.class),
                args -> Functions.parsed((String) args[0], Quantity::parse));
        unary(f, "isInteger", "quantity_is_integer", SimpleType.BOOL, q -> q.isInteger());
        unary(f, "asInteger", "quantity_get_int", SimpleType.INT, q -> q.asInteger());
        unary(f, "asApproximateFloat", "quantity_get_float", SimpleType.DOUBLE, q -> q.asApproximateFloat());
        unary(f, "sign", "quantity_sign_member", SimpleType.INT, q -> q.sign());
        f.global("sign", "quantity_sign", SimpleType.INT, List.of(QUANTITY), List.of(Quantity.class),
                args -> ((Quantity) args[0]).sign());
        binary(f, "add", "quantity_add", QUANTITY, (p, q) -> p.add(q));
        f.member("add", "quantity_add_int", QUANTITY, List.of(QUANTITY, SimpleType.INT),
                List.of(Quantity.class, Long.class), args -> ((Quantity) args[0]).add(Quantity.of((Long) args[1])));
        binary(f, "sub", "quantity_sub", QUANTITY, (p, q) -> p.subtract(q));
        f.member("sub", "quantity_sub_int", QUANTITY, List.of(QUANTITY, SimpleType.INT),
                List.of(Quantity.class, Long.class),
                args -> ((Quantity) args[0]).subtract(Quantity.of((Long) args[1])));
        f.member("mul", "quantity_multiply_int", QUANTITY, List.of(QUANTITY, SimpleType.INT),
                List.of(Quantity.class, Long.class), args -> ((Quantity) args[0]).multiply((Long) args[1]));
        binary(f, "isLessThan", "quantity_is_less_than", SimpleType.BOOL, (p, q) -> p.compareTo(q) < 0);
        binary(f, "isGreaterThan", "quantity_is_greater_than", SimpleType.BOOL, (p, q) -> p.compareTo(q) > 0);
        binary(f, "compareTo", "quantity_compare_to", SimpleType.INT, (p, q) -> (long) Integer.signum(p.compareTo(q)));
        return f;
    }

    private static void unary(Functions f, String name, String id, CelType result,
            java.util.function.Function<Quantity, Object> body) {
        f.member(name, id, result, List.of(QUANTITY), List.of(Quantity.class), args -> body.apply((Quantity) args[0]));
    }

    private static void binary(Functions f, String name, String id, CelType result,
            java.util.function.BiFunction<Quantity, Quantity, Object> body) {
        f.member(name, id, result, List.of(QUANTITY, QUANTITY), List.of(Quantity.class, Quantity.class),
                args -> body.apply((Quantity) args[0], (Quantity) args[1]));
    }
}
