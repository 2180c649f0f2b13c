def log = new File(basedir, 'build.log').getText('UTF-8')

assert log.contains('istiodsl: 0 errors, 0 warnings in mesh.istiodsl')
assert !log.contains('[ERROR]')
assert log.contains('BUILD SUCCESS')
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/)
