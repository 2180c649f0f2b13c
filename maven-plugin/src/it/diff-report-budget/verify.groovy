def log = new File(basedir, 'build.log').getText('UTF-8')
def report = new File(basedir, 'target/istiodsl/report.md')
def full = new File(basedir, 'target/istiodsl/report-full.md')

// The report keeps the budget given as a property; the full one beside it has everything.
assert report.isFile() && full.isFile()
def text = report.getText('UTF-8')
assert text.length() <= 4000 : "report.md has ${text.length()} characters"
assert text.contains('## At a glance')
assert full.getText('UTF-8').contains('added **Deployment** `istio-system/istiod-r1`')
assert log.contains('(at most 4000 characters), full report ')
assert log.contains('BUILD SUCCESS')
