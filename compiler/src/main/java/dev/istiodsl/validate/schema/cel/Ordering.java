package dev.istiodsl.validate.schema.cel;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.values.CelByteString;
import dev.istiodsl.util.Utf8ByteOrder;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** CEL's equality and ordering of runtime values, for the list functions: numbers compare across int, uint, double. */
final class Ordering {

    private Ordering() {
    }

    static boolean equal(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            if (isNaN(a) || isNaN(b) || isInfinite(a) || isInfinite(b)) {
                return ((Number) a).doubleValue() == ((Number) b).doubleValue();
            }
            return decimal(a).compareTo(decimal(b)) == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) {
                if (!equal(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                Object key = y.keySet().stream().filter(k -> equal(k, e.getKey())).findFirst().orElse(null);
                if (key == null || !equal(e.getValue(), y.get(key))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    /** The order of two comparable CEL values; an error for values CEL does not order (lists, maps, mixed kinds). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            if (isNaN(a) || isNaN(b) || isInfinite(a) || isInfinite(b)) {
                return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
            }
            return decimal(a).compareTo(decimal(b));
        }
        if (a instanceof String x && b instanceof String y) {
            return Utf8ByteOrder.compare(x, y);
        }
        if (a instanceof CelByteString x && b instanceof CelByteString y) {
            byte[] p = x.toByteArray();
            byte[] q = y.toByteArray();
            return java.util.Arrays.compareUnsigned(p, q);
        }
        if (a instanceof Boolean || a instanceof Duration || a instanceof Instant) {
            if (a.getClass() == b.getClass()) {
                return ((Comparable) a).compareTo(b);
            }
        }
        throw Functions.invalid("no ordering between " + kind(a) + " and " + kind(b));
    }


    static boolean isNumber(Object o) {
        return o instanceof Long || o instanceof Double || o instanceof UnsignedLong;
    }

    private static boolean isNaN(Object o) {
        return o instanceof Double d && d.isNaN();
    }

    private static boolean isInfinite(Object o) {
        return o instanceof Double d && d.isInfinite();
    }

    private static BigDecimal decimal(Object o) {
        if (o instanceof UnsignedLong u) {
            return new BigDecimal(u.bigIntegerValue());
        }
        if (o instanceof Double d) {
            return new BigDecimal(d);
        }
        return BigDecimal.valueOf((Long) o);
    }

    static String kind(Object o) {
        if (o instanceof String) {
            return "string";
        }
        if (o instanceof Long) {
            return "int";
        }
        if (o instanceof Double) {
            return "double";
        }
        if (o instanceof UnsignedLong) {
            return "uint";
        }
        if (o instanceof Boolean) {
            return "bool";
        }
        if (o instanceof List) {
            return "list";
        }
        if (o instanceof Map) {
            return "map";
        }
        return o == null ? "null" : o.getClass().getSimpleName();
    }
}
