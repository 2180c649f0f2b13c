def log = new File(basedir, 'build.log').getText('UTF-8')
def expected = new File(basedir, 'mesh.istiodsl').toPath().toAbsolutePath().normalize().toString()

assert log.contains("istiodsl: mesh file ${expected} does not exist")
assert log.contains('istiodsl.mesh')
assert log.contains('BUILD FAILURE')
assert !log.contains('at dev.istiodsl')
assert !log.contains('Exception in thread')
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/)
