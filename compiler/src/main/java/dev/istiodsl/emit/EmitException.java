package dev.istiodsl.emit;

/**
 * The emitter refuses to touch a folder: it holds files istiodsl did not write, or its lock file is unreadable, or
 * a file a user put in the tree stands where the compiler now writes one. The message says what to do; nothing on
 * disk has changed.
 */
public final class EmitException extends Exception {

    public EmitException(String message) {
        super(message);
    }
}
