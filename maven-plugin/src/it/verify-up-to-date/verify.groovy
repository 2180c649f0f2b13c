def log = new File(basedir, 'build.log').getText('UTF-8')

// verify right after compile: the lock records these sources, so only the files are compared with it.
assert log.contains(':verify (default-cli)')
assert log.contains('istiodsl: verify: the lock file records these sources; the files were checked against it, no istioctl ran')
assert log =~ /istiodsl: .*deploy\/istio is what the sources compile to/
assert !log.contains('Verify.')
assert log.contains('BUILD SUCCESS')
