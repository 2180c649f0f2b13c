package dev.istiodsl.expand.istioctl;

import dev.istiodsl.expand.download.HttpFetch;
import dev.istiodsl.model.IstioVersion;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Fetches an istioctl release into the cache: the archive and its {@code .sha256} from the release downloads, the
 * digest checked before anything is unpacked, the single {@code istioctl} entry extracted next to its final place and
 * moved there atomically. A failed or interrupted download leaves nothing in the cache, so a later run never finds a
 * half-written binary.
 */
public final class IstioctlDownloader {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    /** Istio publishes linux archives per arch from 1.6, and osx/arm64 from 1.10 ({@code downloadIstioCtl.sh}). */
    private static final IstioVersion LINUX_ARCH_ARCHIVES = new IstioVersion(1, 6, 0, "");
    private static final IstioVersion OSX_ARM64_ARCHIVES = new IstioVersion(1, 10, 0, "");

    private final IstioctlSettings settings;
    private final HttpFetch fetch;

    public IstioctlDownloader(IstioctlSettings settings) {
        this.settings = settings;
        this.fetch = new HttpFetch(settings.timeout());
    }

    /** Where the binary for a version lives once downloaded: {@code <cache>/istioctl/<version>/istioctl}. */
    public Path cachedBinary(IstioVersion version) {
        return settings.istioctlCache().resolve(version.toString()).resolve("istioctl");
    }

    /**
     * The release archive for this version and platform.
     *
     * @throws IstioctlException when Istio publishes no tar.gz for the platform (Windows ships only .zip archives,
     *                           which are not downloaded: configure a binary instead)
     */
    public URI archiveUri(IstioVersion version) throws IstioctlException {
        return uri(version, archiveName(version, settings.platform()));
    }

    /** Downloads, verifies and installs istioctl for the version; returns {@link #cachedBinary}. */
    public Path download(IstioVersion version) throws IstioctlException {
        URI archive = archiveUri(version);
        if (settings.offline()) {
            throw new IstioctlException("istioctl " + version + " would be downloaded from " + archive
                    + ", but downloads are off (offline)");
        }
        String archiveName = archiveName(version, settings.platform());
        URI checksum = URI.create(archive + ".sha256");
        Path target = cachedBinary(version);
        Path directory = target.getParent();
        boolean createdDirectory = !Files.isDirectory(directory);
        Path archiveFile = null;
        Path extracted = null;
        boolean installed = false;
        try {
            Files.createDirectories(directory);
            archiveFile = Files.createTempFile(directory, ".download-", ".tar.gz");
            extracted = Files.createTempFile(directory, ".istioctl-", ".tmp");
            String expected = expectedDigest(checksum, archiveName);
            fetch(archive, archiveFile);
            String actual = FileIdentity.sha256(archiveFile);
            if (!actual.equals(expected)) {
                throw new IstioctlException("the download of " + archive + " does not match its checksum: "
                        + checksum + " says sha256 " + expected + ", the downloaded bytes have sha256 " + actual);
            }
            extractIstioctl(archive, archiveFile, extracted);
            makeExecutable(extracted);
            HttpFetch.moveIntoPlace(extracted, target);
            installed = true;
            return target;
        } catch (IOException e) {
            throw new IstioctlException("could not store istioctl " + version + " from " + archive + " in "
                    + directory + ": " + e, e);
        } finally {
            HttpFetch.deleteQuietly(archiveFile);
            if (!installed) {
                HttpFetch.deleteQuietly(extracted);
                if (createdDirectory) {
                    HttpFetch.deleteQuietly(directory);
                }
            }
        }
    }

    static String archiveName(IstioVersion version, Platform platform) throws IstioctlException {
        String prefix = "istioctl-" + version + "-";
        switch (platform.os()) {
            case "win" -> throw new IstioctlException("istioctl " + version + " for Windows is published only as a"
                    + " .zip archive, which istiodsl does not download; configure the istioctl binary for "
                    + version + " instead");
            case "linux" -> {
                if (version.compareTo(LINUX_ARCH_ARCHIVES) < 0) {
                    if (platform.arch().equals("amd64")) {
                        return prefix + "linux.tar.gz";
                    }
                    throw noRelease(version, platform);
                }
                if (platform.arch().equals("amd64") || platform.arch().equals("arm64")
                        || platform.arch().equals("armv7")) {
                    return prefix + "linux-" + platform.arch() + ".tar.gz";
                }
                throw noRelease(version, platform);
            }
            case "osx" -> {
                // Intel Macs use the archive without an arch: it is the one name published for every version.
                if (platform.arch().equals("amd64")) {
                    return prefix + "osx.tar.gz";
                }
                if (platform.arch().equals("arm64") && version.compareTo(OSX_ARM64_ARCHIVES) >= 0) {
                    return prefix + "osx-arm64.tar.gz";
                }
                throw noRelease(version, platform);
            }
            default -> throw noRelease(version, platform);
        }
    }

    private static IstioctlException noRelease(IstioVersion version, Platform platform) {
        return new IstioctlException("Istio publishes no istioctl " + version + " release for " + platform
                + "; configure the istioctl binary for " + version + " instead");
    }

    private URI uri(IstioVersion version, String fileName) {
        String base = settings.downloadBaseUrl().toString();
        String separator = base.endsWith("/") ? "" : "/";
        return URI.create(base + separator + version + "/" + fileName);
    }

    private String expectedDigest(URI checksum, String archiveName) throws IstioctlException {
        byte[] body = fetch(checksum);
        // The file is sha256sum output: "<hex>  <file name>", the name possibly marked binary with a '*'.
        String[] fields = new String(body, StandardCharsets.UTF_8).strip().split("\\s+");
        if (fields.length == 0 || !SHA256_HEX.matcher(fields[0]).matches()) {
            throw new IstioctlException(checksum + " is not a SHA-256 checksum file (expected '<64 hex digits>  "
                    + archiveName + "')");
        }
        if (fields.length > 1 && !fields[1].replaceFirst("^\\*", "").equals(archiveName)) {
            throw new IstioctlException(checksum + " is the checksum of " + fields[1] + ", not of " + archiveName);
        }
        return fields[0].toLowerCase(Locale.ROOT);
    }

    private byte[] fetch(URI uri) throws IstioctlException {
        try {
            return fetch.bytes(uri);
        } catch (HttpFetch.Failure e) {
            throw new IstioctlException(e.getMessage(), e.getCause() == null ? e : e.getCause());
        }
    }

    private void fetch(URI uri, Path target) throws IstioctlException {
        try {
            fetch.toFile(uri, target);
        } catch (HttpFetch.Failure e) {
            throw new IstioctlException(e.getMessage(), e.getCause() == null ? e : e.getCause());
        }
    }

    private static String describe(Throwable failure) {
        return HttpFetch.describe(failure);
    }

    private static void extractIstioctl(URI archive, Path archiveFile, Path extracted) throws IstioctlException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archiveFile));
                GzipCompressorInputStream gzip = new GzipCompressorInputStream(file);
                TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile() && entry.getName().replaceFirst("^\\./", "").equals("istioctl")) {
                    Files.copy(tar, extracted, StandardCopyOption.REPLACE_EXISTING);
                    return;
                }
            }
        } catch (EOFException e) {
            throw new IstioctlException(archive + " is not a valid tar.gz archive (it ends too early)", e);
        } catch (IOException e) {
            throw new IstioctlException(archive + " is not a valid tar.gz archive (" + describe(e) + ")", e);
        }
        throw new IstioctlException(archive + " holds no istioctl entry");
    }

    private static void makeExecutable(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else if (!file.toFile().setExecutable(true)) {
            throw new IOException("could not make " + file + " executable");
        }
    }
}
