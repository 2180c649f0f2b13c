package dev.istiodsl.expand;

import dev.istiodsl.model.IstioVersion;

import java.nio.file.Path;
import java.util.List;

/** What the expand stage needs of istioctl; the real binary sits behind it, tests put a stand-in there. */
public interface IstioctlTool {

    /** A digest of the binary that expands this version: part of every cache key. */
    String identity(IstioVersion version) throws ExpandFailure;

    /** Where the binary of this version is, for the log: people must see which istioctl rendered their tree. */
    String location(IstioVersion version) throws ExpandFailure;

    /** {@code istioctl manifest generate -f F1 -f F2 --set a=b ...} with the binary of that version. */
    String manifestGenerate(IstioVersion version, List<Path> operatorFiles, List<String> setFlags)
            throws ExpandFailure;

    /** An expansion that could not be made, in words for the diagnostic. */
    final class ExpandFailure extends Exception {
        public ExpandFailure(String message) {
            super(message);
        }

        public ExpandFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
