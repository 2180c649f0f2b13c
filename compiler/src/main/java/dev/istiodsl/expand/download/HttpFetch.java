package dev.istiodsl.expand.download;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One GET, redirects followed, the whole exchange bounded by a timeout: the client's own request timeout stops at the
 * response headers, and a server that stalls mid-body would otherwise hang the build. A {@code file:} address is read
 * from the disk through the same calls, so a local mirror of a repository (a folder) is read by the same code that
 * reads the remote one. Error pages are read and dropped, so a 404 page never lands in a downloaded file.
 */
public final class HttpFetch {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final Duration timeout;
    private HttpClient client;

    public HttpFetch(Duration timeout) {
        this.timeout = timeout;
    }

    /** A download that did not give the whole body: its words name the address and what went wrong. */
    public static final class Failure extends Exception {
        public Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The body of {@code uri}. */
    public byte[] bytes(URI uri) throws Failure {
        if (isFile(uri)) {
            try {
                return Files.readAllBytes(Path.of(uri));
            } catch (IOException e) {
                throw fileFailure(uri, e);
            }
        }
        return fetch(uri, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The body of {@code uri} into {@code target}, which it replaces. */
    public void toFile(URI uri, Path target) throws Failure {
        if (isFile(uri)) {
            try {
                Files.copy(Path.of(uri), target, StandardCopyOption.REPLACE_EXISTING);
                return;
            } catch (IOException e) {
                throw fileFailure(uri, e);
            }
        }
        fetch(uri, HttpResponse.BodyHandlers.ofFile(target, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING));
    }

    private static boolean isFile(URI uri) {
        return "file".equalsIgnoreCase(uri.getScheme());
    }

    private static Failure fileFailure(URI uri, IOException e) {
        return new Failure("the download of " + uri + " failed: " + (e instanceof NoSuchFileException
                ? "there is no such file" : describe(e)), e);
    }

    private <T> T fetch(URI uri, HttpResponse.BodyHandler<T> onSuccess) throws Failure {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse.BodyHandler<T> handler = info -> info.statusCode() == 200
                ? onSuccess.apply(info)
                : HttpResponse.BodySubscribers.replacing(null);
        CompletableFuture<HttpResponse<T>> pending = client().sendAsync(request, handler);
        HttpResponse<T> response;
        try {
            response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new Failure("the download of " + uri + " did not finish within " + describe(timeout), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new Failure("the download of " + uri + " failed: " + describe(cause), cause);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new Failure("the download of " + uri + " was interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new Failure("the download of " + uri + " failed: the server answered HTTP "
                    + response.statusCode(), null);
        }
        return response.body();
    }

    /** A failure's words, and its kind when they say little. */
    public static String describe(Throwable failure) {
        String message = failure.getMessage();
        String kind = failure.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : message + " (" + kind + ")";
    }

    /** "300 seconds", "1 second", "1500 ms": how long, for messages. */
    public static String describe(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + " ms";
        }
        long seconds = millis / 1000;
        return seconds == 1 ? "1 second" : seconds + " seconds";
    }

    private synchronized HttpClient client() {
        // Built on first use, so offline runs and cache hits never start the client's threads.
        if (client == null) {
            client = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(timeout.compareTo(CONNECT_TIMEOUT) < 0 ? timeout : CONNECT_TIMEOUT)
                    .build();
        }
        return client;
    }

    /**
     * Moves a finished download (or what was extracted from it) over {@code target}, atomically where the file system
     * can: readers see the whole old file or the whole new one. Both sit in one folder, so the fallback, a plain
     * replace, is only for odd file systems.
     */
    public static void moveIntoPlace(Path file, Path target) throws IOException {
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Deletes a temporary file or empty folder of a download, if there is one. A failure is ignored: a leftover costs
     * bytes in the cache, never a wrong file, and the error being reported matters more.
     */
    public static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // see above
        }
    }
}
