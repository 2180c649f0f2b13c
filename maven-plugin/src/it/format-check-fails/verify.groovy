def log = new File(basedir, 'build.log').getText('UTF-8')

// The one file out of layout is named, the build fails with a hint, and the file is as it was.
assert log.contains('istiodsl: not formatted: lib/gateways.istiodsl')
assert !log.contains('not formatted: mesh.istiodsl')
assert log.contains('istiodsl: 1 file is not formatted: run mvn istiodsl:format')
assert new File(basedir, 'lib/gateways.istiodsl').getText('UTF-8') == 'gateway public { kind ingress }\n'
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/)
