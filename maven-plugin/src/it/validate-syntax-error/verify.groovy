def log = new File(basedir, 'build.log').getText('UTF-8')

assert log.contains('[Syntax')
assert log =~ /mesh\.istiodsl:\d+:\d+/
assert log.contains('expected')
assert log =~ /(?m)^\[ERROR\] +\| +\^/
assert log =~ /istiodsl: [1-9]\d* errors?, \d+ warnings? in mesh\.istiodsl/
assert log.contains('BUILD FAILURE')
assert !log.contains('at dev.istiodsl')
assert !log.contains('Exception in thread')
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/)
