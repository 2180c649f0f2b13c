package dev.istiodsl.validate.schema.cel;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;

import java.time.Duration;
import java.util.List;

/**
 * Kubernetes' list library: {@code isSorted()}, {@code sum()}, {@code min()}, {@code max()}, {@code indexOf(x)},
 * {@code lastIndexOf(x)} on lists, and {@code includes(x)}. Sums add ints, uints, doubles or durations (an empty list
 * sums to 0); min and max of an empty list are errors; elements compare and equal as CEL compares them.
 */
final class ListFunctions {

    private static final CelType A = TypeParamType.create("A");
    private static final CelType LIST_A = ListType.create(A);

    private ListFunctions() {
    }

    static Library library() {
        Functions f = new Functions();
        f.member("isSorted", "list_is_sorted", SimpleType.BOOL, List.of(LIST_A), List.of(List.class),
                args -> isSorted((List<?>) args[0]));
        f.member("sum", "list_sum", A, List.of(LIST_A), List.of(List.class), args -> sum((List<?>) args[0]));
        f.member("min", "list_min", A, List.of(LIST_A), List.of(List.class), args -> extreme((List<?>) args[0], -1));
        f.member("max", "list_max", A, List.of(LIST_A), List.of(List.class), args -> extreme((List<?>) args[0], 1));
        f.member("indexOf", "list_index_of", SimpleType.INT, List.of(LIST_A, A), List.of(List.class, Object.class),
                args -> indexOf((List<?>) args[0], args[1], false));
        f.member("lastIndexOf", "list_last_index_of", SimpleType.INT, List.of(LIST_A, A),
                List.of(List.class, Object.class), args -> indexOf((List<?>) args[0], args[1], true));
        f.member("includes", "list_includes_dyn_dyn", SimpleType.BOOL, List.of(SimpleType.DYN, SimpleType.DYN),
                List.of(Object.class, Object.class), args -> includes(args[0], args[1]));
        return f;
    }

    static boolean isSorted(List<?> list) {
        for (int i = 1; i < list.size(); i++) {
            if (Ordering.compare(list.get(i - 1), list.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    static Object sum(List<?> list) {
        Object total = null;
        for (Object item : list) {
            total = total == null ? item : add(total, item);
        }
        return total == null ? 0L : total;
    }

    private static Object add(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            try {
                return Math.addExact(x, y);
            } catch (ArithmeticException overflow) {
                throw Functions.invalid("integer overflow");
            }
        }
        if (a instanceof UnsignedLong x && b instanceof UnsignedLong y) {
            return x.plus(y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            return x + y;
        }
        if (a instanceof Duration x && b instanceof Duration y) {
            return x.plus(y);
        }
        throw Functions.invalid("sum() cannot add " + Ordering.kind(a) + " and " + Ordering.kind(b));
    }

    /** @param sign -1 for the least element, 1 for the greatest */
    static Object extreme(List<?> list, int sign) {
        if (list.isEmpty()) {
            throw Functions.invalid((sign < 0 ? "min" : "max") + " called on empty list");
        }
        Object best = list.get(0);
        for (Object item : list.subList(1, list.size())) {
            if (Integer.signum(Ordering.compare(item, best)) == sign) {
                best = item;
            }
        }
        return best;
    }

    static long indexOf(List<?> list, Object item, boolean last) {
        for (int k = 0; k < list.size(); k++) {
            int i = last ? list.size() - 1 - k : k;
            if (Ordering.equal(list.get(i), item)) {
                return i;
            }
        }
        return -1;
    }

    static boolean includes(Object target, Object item) {
        if (target instanceof List<?> list) {
            return list.stream().anyMatch(e -> Ordering.equal(e, item));
        }
        return Ordering.equal(target, item);
    }
}
