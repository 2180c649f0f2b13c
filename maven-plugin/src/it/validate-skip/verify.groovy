def log = new File(basedir, 'build.log').getText('UTF-8')

assert log.contains('istiodsl: skipped (istiodsl.skip=true)')
assert log.contains('BUILD SUCCESS')
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/)
