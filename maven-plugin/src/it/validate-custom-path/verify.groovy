def log = new File(basedir, 'build.log').getText('UTF-8')

// The broken mesh.istiodsl beside the pom is not read: only the one the property names.
assert log.contains('istiodsl: 0 errors, 0 warnings in meshes/prod.istiodsl')
assert !log.contains('[ERROR]')
assert log.contains('BUILD SUCCESS')
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/)
