def log = new File(basedir, 'build.log').getText('UTF-8')

// Both mistakes are reported, each with its place, the quoted source line and a caret under it.
assert log.contains('Bind.UnknownRevision')
assert log.contains('Bind.UnknownSetting')
assert log.contains('mesh.istiodsl:5:17')
assert log.contains('mesh.istiodsl:8:5')
assert log.contains('  tag stable -> 1-22-9')
assert log.contains('    replicaz 3')
assert log =~ /(?m)^\[ERROR\] +\| +\^/
assert log.contains("did you mean '1-22-8'?")

// The summary and the failure name the count of errors printed (how many follow-on errors the binder reports is the
// compiler's business, pinned by its golden cases); a user mistake shows no stack trace.
def printed = (log =~ /(?m)^\[ERROR\] error\[/).size()
assert printed == 2
assert log.contains("istiodsl: ${printed} errors, 0 warnings in mesh.istiodsl")
assert log.contains("istiodsl: ${printed} errors in mesh.istiodsl (see the messages above)")
assert log.contains('BUILD FAILURE')
assert !log.contains('at dev.istiodsl')
assert !log.contains('Exception in thread')
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/)
