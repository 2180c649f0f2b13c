// A git repository whose HEAD has the mesh and no tree yet: the diff then adds every object of the first compile.
def run(List<String> command) {
    def env = ["PATH=" + System.getenv("PATH"), "HOME=" + basedir, "GIT_CONFIG_NOSYSTEM=1",
               "GIT_AUTHOR_DATE=2026-11-02T10:00:00Z", "GIT_COMMITTER_DATE=2026-11-02T10:00:00Z"]
    def process = command.execute(env, basedir)
    def out = new StringBuilder()
    process.waitForProcessOutput(out, out)
    assert process.exitValue() == 0 : "${command}: ${out}"
}
def git = ['git', '-c', 'user.name=Platform Team', '-c', 'user.email=platform@example.com', '-c', 'commit.gpgsign=false']
run(['git', 'init', '-q', '-b', 'main'])
run(git + ['add', 'mesh.istiodsl', 'render'])
run(git + ['commit', '-q', '-m', 'the mesh, not compiled yet'])
