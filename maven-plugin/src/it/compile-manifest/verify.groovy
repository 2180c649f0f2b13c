def log = new File(basedir, 'build.log').getText('UTF-8')
def tree = new File(basedir, 'deploy/istio')

// Every part in its folder, the overlay applied, the generated objects added, the lock file beside the tree.
def istiod = new File(tree, 'test/revisions/r1/deployment.apps/istio-system_istiod-r1.yaml')
assert istiod.isFile()
assert istiod.getText('UTF-8').contains('replicas: 2')
assert new File(tree, 'test/crds/customresourcedefinition.apiextensions.k8s.io/widgets.example.io.yaml').isFile()
assert new File(tree, 'test/tags/stable/mutatingwebhookconfiguration.admissionregistration.k8s.io/istio-revision-tag-stable.yaml').isFile()
assert new File(tree, 'test/base/namespace/apps.yaml').getText('UTF-8').contains('istio.io/rev: stable')
assert new File(tree, 'test/base/service/istio-system_istiod.yaml').isFile()
assert new File(tree, 'test/flux/test-revision-r1.yaml').getText('UTF-8').contains('name: test-base')
assert new File(tree, 'istiodsl.lock').isFile()

// The log names each stage with counts and time, then a summary per environment.
assert log =~ /istiodsl: expand: 0 istioctl runs, 0 from the cache \(\d+ ms\)/
assert log =~ /istiodsl: emit: \d+ added, 0 changed, 0 removed, 0 unchanged \(\d+ ms\)/
assert log.contains('istiodsl: environment test: ')
assert log.contains('BUILD SUCCESS')
