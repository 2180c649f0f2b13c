package dev.istiodsl.expand.istioctl;

import java.util.Locale;
import java.util.Objects;

/**
 * An operating system and CPU in the words Istio's release archives use: os {@code linux}, {@code osx} or
 * {@code win}; arch {@code amd64}, {@code arm64} or {@code armv7}. Anything else keeps the JVM's own name
 * (lower-cased) so an error can say which platform has no release.
 */
public record Platform(String os, String arch) {

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(arch, "arch");
    }

    /** The machine this JVM runs on, from {@code os.name} and {@code os.arch}. */
    public static Platform current() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** Maps the JVM's {@code os.name} / {@code os.arch} values to Istio's names. */
    public static Platform of(String osName, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT);
        String os;
        if (name.startsWith("linux")) {
            os = "linux";
        } else if (name.startsWith("mac") || name.startsWith("darwin")) {
            os = "osx";
        } else if (name.startsWith("windows")) {
            os = "win";
        } else {
            os = name.replace(' ', '-');
        }
        String cpu = osArch.toLowerCase(Locale.ROOT);
        String arch = switch (cpu) {
            case "amd64", "x86_64", "x64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "arm", "armv7", "armv7l", "armhf" -> "armv7";
            default -> cpu;
        };
        return new Platform(os, arch);
    }

    public boolean isWindows() {
        return os.equals("win");
    }

    /** A program's file name here: Windows finds programs by their {@code .exe} suffix. */
    String executableName(String baseName) {
        return isWindows() ? baseName + ".exe" : baseName;
    }

    @Override
    public String toString() {
        return os + "/" + arch;
    }
}
