package dev.istiodsl.validate.schema.cel;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * A Kubernetes resource quantity ({@code 1.5G}, {@code 512Ki}, {@code 100m}, {@code 2e3}), as an exact number.
 *
 * <p>Grammar (from the documentation of {@code resource.Quantity}): a signed decimal number ({@code 1}, {@code 1.5},
 * {@code .5}, {@code 5.}) followed by a suffix: a binary SI one ({@code Ki Mi Gi Ti Pi Ei}), a decimal SI one
 * ({@code m}, none, {@code k M G T P E}) or a decimal exponent ({@code e3}, {@code E-2}). Two quantities are equal when
 * their values are, whatever their spelling.
 */
final class Quantity implements Comparable<Quantity> {

    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)),
            Map.entry("m", new BigDecimal("0.001")), Map.entry("", BigDecimal.ONE),
            Map.entry("k", BigDecimal.TEN.pow(3)), Map.entry("M", BigDecimal.TEN.pow(6)),
            Map.entry("G", BigDecimal.TEN.pow(9)), Map.entry("T", BigDecimal.TEN.pow(12)),
            Map.entry("P", BigDecimal.TEN.pow(15)), Map.entry("E", BigDecimal.TEN.pow(18)));

    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final BigDecimal value;

    private Quantity(BigDecimal value) {
        this.value = value;
    }

    static Quantity of(long value) {
        return new Quantity(BigDecimal.valueOf(value));
    }

    /** @throws IllegalArgumentException when the text is not a quantity */
    static Quantity parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("quantities must match the regular expression "
                    + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
        }
        int i = 0;
        if (text.charAt(0) == '+' || text.charAt(0) == '-') {
            i++;
        }
        int digits = 0;
        boolean dot = false;
        int start = i;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            throw new IllegalArgumentException("unable to parse quantity's suffix");
        }
        String number = text.substring(0, i);
        if (number.endsWith(".")) {
            number = number.substring(0, number.length() - 1);
        }
        if (number.substring(start).startsWith(".")) {
            number = number.substring(0, start) + "0" + number.substring(start);
        }
        BigDecimal base = new BigDecimal(number);
        String suffix = text.substring(i);
        BigDecimal multiplier = SUFFIXES.get(suffix);
        if (multiplier != null) {
            return new Quantity(base.multiply(multiplier));
        }
        if ((suffix.startsWith("e") || suffix.startsWith("E")) && suffix.length() > 1) {
            String exponent = suffix.substring(1);
            if (exponent.matches("[+-]?[0-9]{1,9}")) {
                return new Quantity(base.scaleByPowerOfTen(Integer.parseInt(exponent)));
            }
        }
        throw new IllegalArgumentException("unable to parse quantity's suffix");
    }

    boolean isInteger() {
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
            return false;
        }
        BigInteger whole = value.toBigInteger();
        return whole.compareTo(MIN) >= 0 && whole.compareTo(MAX) <= 0;
    }

    long asInteger() {
        if (!isInteger()) {
            throw Functions.invalid("cannot convert value to integer");
        }
        return value.longValueExact();
    }

    double asApproximateFloat() {
        return value.doubleValue();
    }

    long sign() {
        return value.signum();
    }

    Quantity add(Quantity other) {
        return new Quantity(value.add(other.value));
    }

    Quantity subtract(Quantity other) {
        return new Quantity(value.subtract(other.value));
    }

    Quantity multiply(long factor) {
        return new Quantity(value.multiply(BigDecimal.valueOf(factor)));
    }

    @Override
    public int compareTo(Quantity other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quantity q && value.compareTo(q.value) == 0;
    }

    @Override
    public int hashCode() {
        return value.signum() == 0 ? 0 : value.stripTrailingZeros().hashCode();
    }

    @Override
    public String toString() {
        return value.stripTrailingZeros().toPlainString();
    }
}
