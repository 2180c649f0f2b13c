package dev.istiodsl.promote;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Synthetic histories of a compiled tree in a real git repository: each {@link #tree} writes what a compiled tree has
 * for an environment, as far as the gates read it (revision folders, tag webhooks labelled with their revision,
 * Namespaces labelled with their tag or revision), and each {@link #commit} carries an explicit committer date.
 */
final class CommittedTrees {

    private final Path project;
    private final Git git;

    CommittedTrees(Path project) throws Exception {
        this.project = project;
        this.git = Git.init().setDirectory(project.toFile()).setInitialBranch("main").call();
    }

    Git git() {
        return git;
    }

    /** Writes an environment's folder under {@code deploy/istio} of {@code root}, replacing what was there. */
    static void tree(Path root, String env, List<String> revisions, Map<String, String> tags,
            Map<String, String> namespaces) throws Exception {
        Path output = root.resolve("deploy/istio");
        Files.createDirectories(output);
        Files.writeString(output.resolve("istiodsl.lock"), "synthetic\n");
        Path folder = output.resolve(env);
        if (Files.exists(folder)) {
            try (Stream<Path> walk = Files.walk(folder)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        for (String revision : revisions) {
            Path deployment = folder.resolve("revisions/" + revision + "/deployment.apps/istio-system_istiod-"
                    + revision + ".yaml");
            Files.createDirectories(deployment.getParent());
            Files.writeString(deployment, "kind: Deployment\nmetadata:\n  name: istiod-" + revision + "\n");
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            Path webhook = folder.resolve("tags/" + tag.getKey() + "/mutatingwebhookconfiguration"
                    + ".admissionregistration.k8s.io/istio-revision-tag-" + tag.getKey() + ".yaml");
            Files.createDirectories(webhook.getParent());
            Files.writeString(webhook, """
                    apiVersion: admissionregistration.k8s.io/v1
                    kind: MutatingWebhookConfiguration
                    metadata:
                      labels:
                        istio.io/rev: %s
                        istio.io/tag: %s
                      name: istio-revision-tag-%s
                    """.formatted(tag.getValue(), tag.getKey(), tag.getKey()));
        }
        Path namespaceFolder = Files.createDirectories(folder.resolve("base/namespace"));
        Files.writeString(namespaceFolder.resolve("istio-system.yaml"), """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: istio-system
                  labels:
                    app.kubernetes.io/managed-by: istiodsl
                """);
        for (Map.Entry<String, String> namespace : namespaces.entrySet()) {
            Files.writeString(namespaceFolder.resolve(namespace.getKey() + ".yaml"), """
                    apiVersion: v1
                    kind: Namespace
                    metadata:
                      name: %s
                      labels:
                        app.kubernetes.io/managed-by: istiodsl
                        istio.io/rev: %s
                    """.formatted(namespace.getKey(), namespace.getValue()));
        }
    }

    void tree(String env, List<String> revisions, Map<String, String> tags, Map<String, String> namespaces)
            throws Exception {
        tree(project, env, revisions, tags, namespaces);
    }

    /** Commits everything, deletions included, at {@code at} (an ISO instant); returns the commit id. */
    String commit(String message, String at) throws Exception {
        git.add().addFilepattern(".").setUpdate(false).call();
        git.add().addFilepattern(".").setUpdate(true).call();
        PersonIdent who = new PersonIdent("Platform Team", "platform@example.com", Instant.parse(at),
                ZoneOffset.UTC);
        return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call().getName();
    }

    String head() throws Exception {
        return git.getRepository().resolve("HEAD").getName();
    }
}
