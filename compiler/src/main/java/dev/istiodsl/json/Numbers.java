package dev.istiodsl.json;

/**
 * Which written numbers the compiler can carry: those a 64-bit float holds, since Kubernetes, Helm and istioctl read
 * every YAML and JSON number into one. One judge for the DSL and for every YAML or JSON file, so that no infinity (which
 * no YAML reader accepts back) and no number silently read as zero reaches a stage.
 */
public final class Numbers {

    /** The hint of every out-of-range finding. */
    public static final String RANGE = "Kubernetes, Helm and istioctl read numbers as 64-bit floating point, from "
            + "about 4.9e-324 to 1.8e308 in size";

    private Numbers() {
    }

    /**
     * Whether a number, as written in decimal ({@code 12}, {@code -1.5e300}; YAML's {@code _} separators allowed), is
     * beyond a 64-bit float: it would read as infinity, or as zero though it is not zero. Text that is no decimal
     * number ({@code 0x1F}, {@code .inf}) is not judged here.
     */
    public static boolean outOfRange(String written) {
        String text = written.replace("_", "");
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return false;
        }
        return Double.isInfinite(value) || value == 0 && nonZeroMantissa(text);
    }

    private static boolean nonZeroMantissa(String text) {
        for (int i = 0; i < text.length() && Character.toLowerCase(text.charAt(i)) != 'e'; i++) {
            if (text.charAt(i) >= '1' && text.charAt(i) <= '9') {
                return true;
            }
        }
        return false;
    }
}
