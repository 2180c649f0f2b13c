def log = new File(basedir, 'build.log').getText('UTF-8')
def tree = new File(basedir, 'deploy/istio/test')

// Rendered in the plugin's own JVM by helm-java: its native library loads inside Maven.
assert log =~ /istiodsl: expand: 0 istioctl runs, 3 charts rendered, 0 from the cache \(\d+ ms\)/
assert new File(tree, 'revisions/1-24-6/deployment.apps/istio-system_istiod-1-24-6.yaml').isFile()
assert new File(tree, 'tags/stable/mutatingwebhookconfiguration.admissionregistration.k8s.io/istio-revision-tag-stable.yaml').isFile()
assert new File(tree, 'gateways/edge/1-24-6/deployment.apps/istio-ingress_edge-1-24-6.yaml').isFile()
assert new File(tree, 'crds').isDirectory()
assert new File(basedir, 'deploy/istio/istiodsl.lock').getText('UTF-8') =~ /charts\/1-24-6: sha256:[0-9a-f]{64}/
assert log.contains('BUILD SUCCESS')
