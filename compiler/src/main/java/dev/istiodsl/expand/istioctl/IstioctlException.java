package dev.istiodsl.expand.istioctl;

/**
 * istioctl could not be found, fetched or run. Checked, because each of these is an environment problem the caller
 * must turn into one readable message, never a bug; the message is written for people and is complete on its own.
 */
public final class IstioctlException extends Exception {

    private static final long serialVersionUID = 1L;

    public IstioctlException(String message) {
        super(message);
    }

    public IstioctlException(String message, Throwable cause) {
        super(message, cause);
    }
}
