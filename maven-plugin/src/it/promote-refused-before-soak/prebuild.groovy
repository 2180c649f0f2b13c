// A git repository whose history says what each environment ran, with explicit commit dates: preprod has had
// tag stable on r1 since 2 November, prod has run r1 without the tag. The build then promotes on 5 November.
def run(List<String> command, String date) {
    def env = ["PATH=" + System.getenv("PATH"), "HOME=" + basedir, "GIT_AUTHOR_DATE=" + date,
               "GIT_COMMITTER_DATE=" + date, "GIT_CONFIG_NOSYSTEM=1"]
    def process = command.execute(env, basedir)
    def out = new StringBuilder()
    process.waitForProcessOutput(out, out)
    assert process.exitValue() == 0 : "${command}: ${out}"
}
def write(String path, String text) {
    def file = new File(basedir, path)
    file.parentFile.mkdirs()
    file.setText(text, 'UTF-8')
}
def git = ['git', '-c', 'user.name=Platform Team', '-c', 'user.email=platform@example.com', '-c', 'commit.gpgsign=false']

write('deploy/istio/istiodsl.lock', 'synthetic: the gate reads the folders, not the lock\n')
write('deploy/istio/prod/revisions/r1/deployment.apps/istio-system_istiod-r1.yaml', 'kind: Deployment\n')
write('deploy/istio/preprod/revisions/r1/deployment.apps/istio-system_istiod-r1.yaml', 'kind: Deployment\n')
run(['git', 'init', '-q', '-b', 'main'], '2026-10-01T09:00:00Z')
run(git + ['add', '-A'], '2026-10-01T09:00:00Z')
run(git + ['commit', '-q', '-m', 'both on r1'], '2026-10-01T09:00:00Z')

write('deploy/istio/preprod/tags/stable/mutatingwebhookconfiguration.admissionregistration.k8s.io/istio-revision-tag-stable.yaml', '''\
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  labels:
    istio.io/rev: r1
    istio.io/tag: stable
  name: istio-revision-tag-stable
''')
run(git + ['add', '-A'], '2026-11-02T10:00:00Z')
run(git + ['commit', '-q', '-m', 'preprod gets tag stable'], '2026-11-02T10:00:00Z')
new File(basedir, 'mesh.before').bytes = new File(basedir, 'mesh.istiodsl').bytes
return true
